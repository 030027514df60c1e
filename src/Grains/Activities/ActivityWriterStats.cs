namespace Lyss.UserGrains.Grains.Activities;

/// <summary>What one silo's writer reports to the queue-status endpoint.</summary>
public sealed record ActivityWriterStats
{
    public required string Silo { get; init; }
    public required long Queued { get; init; }
    public required long Flushed { get; init; }
    public required long Duplicates { get; init; }
    public required long Spilled { get; init; }
    public required long Replayed { get; init; }
    public required long Failures { get; init; }
    public long DeadLettered { get; init; }
    public string? LastDeadLetterSqlState { get; init; }
    public DateTimeOffset? LastDeadLetterAt { get; init; }
    public required double FlushedPerSecond { get; init; }
    public DateTimeOffset? LastFlushAt { get; init; }
    public string? LastError { get; init; }
    public required bool PostgresHealthy { get; init; }
    public required DateTimeOffset At { get; init; }
}
