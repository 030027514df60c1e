using Lyss.UserGrains.Credentials;

namespace Lyss.UserGrains.Gateway.Tracking;

public sealed record ScimTokenListResponse(IReadOnlyList<CredentialView> ScimTokens);
