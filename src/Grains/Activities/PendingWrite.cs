using System.Diagnostics;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Rows of one hand-off, and who waits for their commit (durable acknowledgements).</summary>
public sealed class PendingWrite(IReadOnlyList<ActivityRecord> rows, bool durable, long sequence)
{
    public IReadOnlyList<ActivityRecord> Rows { get; } = rows;

    /// <summary>Order of the hand-off in its silo's writer.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The trace span that handed the rows over (the grain call), which the batch's COPY span links to; default when not traced.</summary>
    public ActivityContext Origin { get; } = Activity.Current?.Context ?? default;

    public TaskCompletionSource<Lyss.UserGrains.Activities.Durability>? Completion { get; } =
        durable ? new TaskCompletionSource<Lyss.UserGrains.Activities.Durability>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
}
