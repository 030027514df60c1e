using System.Collections.Concurrent;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Tenants;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Alerts;

/// <summary>
/// Each tenant's effective anomaly thresholds, cached per silo for half a minute so that user
/// grains on the hot path do not all ask the one tenant grain.
/// </summary>
public sealed class TenantAlertRulesCache(IGrainFactory grains, IOptions<UserOptions> options, GrainClock clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (EffectiveAlertRules Rules, DateTimeOffset Until)> _cache = new();

    public async ValueTask<EffectiveAlertRules> GetAsync(Guid tenantId)
    {
        var now = clock.UtcNow;
        if (_cache.TryGetValue(tenantId, out var entry) && entry.Until > now)
        {
            return entry.Rules;
        }

        var rules = await grains.GetGrain<ITenantGrain>(tenantId).GetAlertRulesAsync();
        var defaults = options.Value;
        var effective = new EffectiveAlertRules(
            rules.BurstThreshold ?? defaults.BurstThreshold,
            rules.BurstWindowMinutes is { } w ? TimeSpan.FromMinutes(w) : defaults.BurstWindow,
            rules.FailedLoginLimit ?? defaults.FailedLoginLimit,
            rules.FailedLoginLockMinutes is { } l ? TimeSpan.FromMinutes(l) : defaults.FailedLoginLock);
        _cache[tenantId] = (effective, now + Lifetime);
        return effective;
    }

    /// <summary>Forgets a tenant's entry on this silo (after its rules changed here).</summary>
    public void Forget(Guid tenantId) => _cache.TryRemove(tenantId, out _);
}
