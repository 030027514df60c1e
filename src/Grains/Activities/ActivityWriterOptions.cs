using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The activity writer (configuration section <c>Lyss:Activities</c>). <see cref="BatchSize"/>
/// and <see cref="ProcessInterval"/> bound a batch by rows and by time.
/// </summary>
public sealed class ActivityWriterOptions
{
    public const string SectionName = "Lyss:Activities";

    /// <summary>Most rows in one COPY (group commit).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>
    /// Batches written at once, each on its own connection: while one waits for its rollup and
    /// commit, the next is already streaming, so neither the silo nor PostgreSQL sits idle.
    /// </summary>
    [Range(1, 16)]
    public int Writers { get; set; } = 2;

    /// <summary>Longest a buffered row waits for its flush when traffic is light.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ProcessInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Most rows this silo's writer holds in memory (queued or being written). A hand-off that would
    /// pass it waits up to <see cref="FullQueueWait"/> for room (the writer or the spill drains it),
    /// then answers 503.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MemoryQueueLimit { get; set; } = 100_000;

    /// <summary>Longest a hand-off waits for room when memory holds its limit (back-pressure on a burst); 0 refuses at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan FullQueueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows the Redis spill list may hold; beyond it the front door answers 503.</summary>
    [Range(0, 100_000_000)]
    public long SpillLimit { get; set; } = 5_000_000;

    /// <summary>The Redis list rows spill to while PostgreSQL is unavailable.</summary>
    [Required]
    public string SpillQueue { get; set; } = "user_activities_queue";

    /// <summary>Monthly partitions older than this many months are dropped; 0 keeps everything.</summary>
    [Range(0, 1200)]
    public int RetentionMonths { get; set; } = 13;
}
