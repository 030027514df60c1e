namespace Lyss.UserGrains.Gateway.Users;

public sealed record LockRequest(DateTimeOffset? Until, string? Reason);
