namespace Lyss.UserGrains.Gateway.Users;

/// <summary>An optional reason, for commands such as ban.</summary>
public sealed record ReasonRequest(string? Reason);
