namespace Lyss.UserGrains.Activities;

/// <summary>One silo's activity writer, as the queue-status endpoint shows it.</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.WriterStatus")]
public sealed record WriterStatus(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Buffered,
    [property: Id(2)] long Flushed,
    [property: Id(3)] long Duplicates,
    [property: Id(4)] long Spilled,
    [property: Id(5)] long Replayed,
    [property: Id(6)] long Failures,
    [property: Id(7)] double FlushedPerSecond,
    [property: Id(8)] DateTimeOffset? LastFlushAt,
    [property: Id(9)] string? LastError,
    [property: Id(10)] bool PostgresHealthy,
    [property: Id(11)] long DeadLettered = 0,
    [property: Id(12)] string? LastDeadLetterSqlState = null,
    [property: Id(13)] DateTimeOffset? LastDeadLetterAt = null);
