namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Rows of one hand-off, and who waits for their commit (durable acknowledgements).</summary>
public sealed class PendingWrite(IReadOnlyList<ActivityRecord> rows, bool durable)
{
    public IReadOnlyList<ActivityRecord> Rows { get; } = rows;

    public TaskCompletionSource<string>? Completion { get; } =
        durable ? new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    /// <summary>Completed when the rows are stored (committed or spilled), durable or not.</summary>
    public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
