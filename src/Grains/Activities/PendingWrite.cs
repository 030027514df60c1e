namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Rows of one hand-off, and who waits for their commit (durable acknowledgements).</summary>
public sealed class PendingWrite(IReadOnlyList<ActivityRecord> rows, bool durable, long sequence)
{
    public IReadOnlyList<ActivityRecord> Rows { get; } = rows;

    /// <summary>Order of the hand-off in its silo's writer.</summary>
    public long Sequence { get; } = sequence;

    public TaskCompletionSource<Lyss.UserGrains.Activities.Durability>? Completion { get; } =
        durable ? new TaskCompletionSource<Lyss.UserGrains.Activities.Durability>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
}
