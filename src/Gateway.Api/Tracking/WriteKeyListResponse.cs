using Lyss.UserGrains.Credentials;

namespace Lyss.UserGrains.Gateway.Tracking;

public sealed record WriteKeyListResponse(IReadOnlyList<CredentialView> WriteKeys);
