using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Common;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Alerts;

[StatelessWorker]
public sealed class AlertQueryGrain(AlertStore store) : Grain, IAlertQueryGrain
{
    public Task<Page<SecurityAlertView>> ListAsync(Guid tenantId, Guid? userId, int hours, int limit, int offset) =>
        store.ListAsync(tenantId, userId, hours, limit, offset);
}
