namespace Lyss.UserGrains.Gateway.Users;

public sealed record BulkItemResult(Guid UserId, string Status, string? Code, string? Error);
