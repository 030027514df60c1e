namespace Lyss.UserGrains.Analytics;

/// <summary>
/// Tenant analytics (active users, features, top users, lifecycle, action paths), answered from the hourly rollup (never from raw
/// rows, except a single user's action path). Results are JSON documents in the shapes of docs/api.md.
/// </summary>
[Alias("lyss.analytics.IAnalyticsGrain")]
public interface IAnalyticsGrain : IGrainWithIntegerKey
{
    /// <summary>dau, wau, mau and stickiness (dau / mau) as of now, today being the UTC day.</summary>
    [Alias("ActiveUsers")]
    Task<string> ActiveUsersAsync(Guid tenantId);

    /// <summary>The same, today being the day in an IANA zone.</summary>
    [Alias("ActiveUsersInZone")]
    Task<string> ActiveUsersAsync(Guid tenantId, string timeZone);

    /// <summary>Cohorts by the week or month members joined (in an IANA zone): size and the share active in each period since.</summary>
    [Alias("Retention")]
    Task<string> RetentionAsync(Guid tenantId, string period, int cohorts, string timeZone);

    /// <summary>Feature usage frequency with distinct users over the last days.</summary>
    [Alias("Features")]
    Task<string> FeaturesAsync(Guid tenantId, int days);

    /// <summary>Most active users over the last days.</summary>
    [Alias("TopUsers")]
    Task<string> TopUsersAsync(Guid tenantId, int days, int limit);

    /// <summary>Users by lifecycle this week: new, returning, resurrecting, dormant.</summary>
    [Alias("Lifecycle")]
    Task<string> LifecycleAsync(Guid tenantId);

    /// <summary>A user's actions in order with the previous action of each step (by LAG over the stored rows).</summary>
    [Alias("ActionPath")]
    Task<string> ActionPathAsync(Guid tenantId, Guid userId, int days, int limit);
}
