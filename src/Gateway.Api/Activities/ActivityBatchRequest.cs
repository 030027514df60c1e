namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ActivityBatchRequest(IReadOnlyList<ActivityRequest>? Activities, string? Ack);
