namespace Lyss.UserGrains.Reports;

/// <summary>
/// A tenant's running exports (keyed by tenant id), so a tenant cannot hold many long scans at
/// once whichever gateway they reach. A slot lapses after its lease if never released (a crashed gateway).
/// </summary>
[Alias("lyss.reports.IExportSlotsGrain")]
public interface IExportSlotsGrain : IGrainWithGuidKey
{
    /// <summary>Takes a slot for <paramref name="exportId"/> when fewer than <paramref name="limit"/> are held.</summary>
    [Alias("TryAcquire")]
    Task<bool> TryAcquireAsync(Guid exportId, int limit, TimeSpan lease);

    [Alias("Release")]
    Task ReleaseAsync(Guid exportId);
}
