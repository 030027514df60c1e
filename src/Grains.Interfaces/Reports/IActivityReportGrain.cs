namespace Lyss.UserGrains.Reports;

/// <summary>
/// One export of activities: key it with a fresh Guid per export. Rows
/// arrive in batches as PostgreSQL returns them, oldest first; nothing is built in memory.
/// </summary>
[Alias("lyss.reports.IActivityReportGrain")]
public interface IActivityReportGrain : IGrainWithGuidKey
{
    /// <summary>Activities of the tenant (or of one user in it) received from <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    [Alias("Export")]
    IAsyncEnumerable<ExportedActivity> ExportAsync(Guid tenantId, Guid? userId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
