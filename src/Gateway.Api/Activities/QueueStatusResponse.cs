namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>The writers of every silo and the spill; a silo's <c>last_error</c> only for platform operators.</summary>
public sealed record QueueStatusResponse(
    string QueueName,
    long QueueLength,
    long SpilledInRedis,
    long BufferedInWriters,
    double FlushedRowsPerSecond,
    DateTimeOffset? LastFlushAt,
    long Failures,
    bool PostgresHealthy,
    long DeadLetters,
    string? LastDeadLetterSqlstate,
    IReadOnlyList<Lyss.UserGrains.Activities.WriterStatus> Silos);
