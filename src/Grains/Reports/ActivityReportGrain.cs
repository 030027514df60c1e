using System.Runtime.CompilerServices;
using Lyss.UserGrains.Reports;

namespace Lyss.UserGrains.Grains.Reports;

/// <summary>Streams one export from <see cref="ActivityReportStore"/>, then deactivates.</summary>
public sealed class ActivityReportGrain(ActivityReportStore store) : Grain, IActivityReportGrain
{
    public async IAsyncEnumerable<ExportedActivity> ExportAsync(
        Guid tenantId, Guid? userId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var activity in store.ExportAsync(tenantId, userId, from, to, cancellationToken))
            {
                yield return activity;
            }
        }
        finally
        {
            // One export per activation: nothing to keep once it is read.
            DeactivateOnIdle();
        }
    }
}
