using Lyss.UserGrains.Common;
using Lyss.UserGrains.Analytics;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Analytics;

[StatelessWorker]
public sealed class AnalyticsGrain(AnalyticsStore store) : Grain, IAnalyticsGrain
{
    public Task<string> ActiveUsersAsync(Guid tenantId) => store.ActiveUsersAsync(tenantId, "UTC");

    public Task<string> ActiveUsersAsync(Guid tenantId, string timeZone) =>
        store.ActiveUsersAsync(tenantId, TimeZones.Require(timeZone));

    public Task<string> FeaturesAsync(Guid tenantId, int days) => store.FeaturesAsync(tenantId, days);

    public Task<string> RetentionAsync(Guid tenantId, string period, int cohorts, string timeZone) => store.RetentionAsync(tenantId, period, cohorts, timeZone);

    public Task<string> TopUsersAsync(Guid tenantId, int days, int limit) => store.TopUsersAsync(tenantId, days, limit);

    public Task<string> LifecycleAsync(Guid tenantId) => store.LifecycleAsync(tenantId);

    public Task<string> ActionPathAsync(Guid tenantId, Guid userId, int days, int limit) => store.ActionPathAsync(tenantId, userId, days, limit);
}
