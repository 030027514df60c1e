using Lyss.UserGrains.Gateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lyss.UserGrains.Gateway.Health;

/// <summary>Ready once the Orleans client has connected and still sees a gateway.</summary>
public sealed class ClusterClientHealthCheck(ClusterConnectionState state, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["gateways"] = state.Gateways };
        // The hosted client finishes connecting before the application reports started.
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("cluster client is still connecting", data: data));
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("gateway is shutting down", data: data));
        }

        return Task.FromResult(state.Gateways == 0
            ? HealthCheckResult.Unhealthy("no silo gateway is reachable", data: data)
            : HealthCheckResult.Healthy("connected to the cluster", data));
    }
}
