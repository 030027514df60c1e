namespace Lyss.UserGrains.Gateway.Users;

public sealed record BulkRequest(IReadOnlyList<Guid>? UserIds, string? Reason);
