namespace Lyss.UserGrains.Activities;

/// <summary>The pipeline across the cluster: each silo's writer and the Redis spill list.</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.QueueStatus")]
public sealed record QueueStatus(
    [property: Id(0)] string QueueName,
    [property: Id(1)] long SpilledInRedis,
    [property: Id(2)] IReadOnlyList<WriterStatus> Silos);
