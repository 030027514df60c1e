namespace Lyss.UserGrains.Gateway.Hosting;

public sealed record WhoAmIResponse(string Sub, Guid TenantId, IReadOnlyList<string> Permissions, bool IsUser);
