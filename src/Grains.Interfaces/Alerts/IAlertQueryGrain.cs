using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Alerts;

[Alias("lyss.alerts.IAlertQueryGrain")]
public interface IAlertQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Alerts of a tenant, or of one user in it, in the last <paramref name="hours"/> hours.</summary>
    [Alias("List")]
    Task<Page<SecurityAlertView>> ListAsync(Guid tenantId, Guid? userId, int hours, int limit, int offset);
}
