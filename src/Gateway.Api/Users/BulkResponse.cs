namespace Lyss.UserGrains.Gateway.Users;

public sealed record BulkResponse(int Succeeded, int Failed, IReadOnlyList<BulkItemResult> Results);
