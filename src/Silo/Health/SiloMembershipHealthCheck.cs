using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Lyss.UserGrains.Silo.Health;

/// <summary>Ready when this silo is an active member of the cluster.</summary>
public sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails localSilo)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(localSilo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var data = new Dictionary<string, object>
        {
            ["silo"] = localSilo.SiloAddress.ToParsableString(),
            ["status"] = status.ToString(),
            ["active_silos"] = active,
        };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo is an active cluster member", data)
            : HealthCheckResult.Unhealthy($"silo is {status}", data: data));
    }
}
