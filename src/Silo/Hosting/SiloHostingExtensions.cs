using System.Net;
using Lyss.UserGrains.Grains.Hosting;
using Lyss.UserGrains.Hosting;
using Lyss.UserGrains.Silo.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Prometheus;
using StackExchange.Redis;

namespace Lyss.UserGrains.Silo.Hosting;

public static class SiloHostingExtensions
{
    private const string ReadyTag = "ready";
    private const string DashboardPolicy = "lyss-dashboard";

    /// <summary>The silo: clustering, PostgreSQL storage and reminders, dashboard, health, metrics.</summary>
    public static WebApplicationBuilder AddLyssSilo(this WebApplicationBuilder builder)
    {
        Lyss.UserGrains.Grains.Telemetry.MeterSelection.Apply();
        var configuration = builder.Configuration;
        var silo = builder.AddValidatedOptions<SiloOptions>(SiloOptions.SectionName);
        var postgres = configuration.RequiredConnectionString("Postgres");
        var redis = silo.Clustering == ClusteringMode.Redis || configuration.GetConnectionString("Redis") is { Length: > 0 }
            ? configuration.RequiredConnectionString("Redis")
            : null;

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = silo.ShutdownTimeout + TimeSpan.FromSeconds(5));
        // Npgsql's spans show each statement under the grain call or COPY that ran it.
        var observability = builder.AddLyssObservability("lyss-silo", configureTracing: tracing => tracing.AddNpgsql());
        builder.Services.AddSingleton<UntracedWebHost>();

        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
            if (silo.Clustering == ClusteringMode.Localhost)
            {
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            }
            else
            {
                orleans.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis!));
                orleans.ConfigureEndpoints(ResolveAdvertisedAddress(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort, silo.ListenOnAnyHostAddress);
                if (KubernetesPod.IsCurrent())
                {
                    // Membership stays in Redis; the pod watcher only hastens the exit of silos whose pods are gone.
                    orleans.UseKubernetesHosting();
                }
            }

            if (observability.Tracing == true)
            {
                orleans.AddActivityPropagation();
            }

            if (silo.CountCallOrigins)
            {
                orleans.AddIncomingGrainCallFilter<Lyss.UserGrains.Grains.Telemetry.CallOriginFilter>();
                orleans.AddOutgoingGrainCallFilter<Lyss.UserGrains.Grains.Telemetry.CallOriginFilter>();
            }

            if (observability.LogFormat == LogFormat.Json)
            {
                orleans.AddIncomingGrainCallFilter<Lyss.UserGrains.Grains.Telemetry.TenantLogScopeFilter>();
            }

            orleans.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = silo.ShutdownTimeout);
            orleans.AddLyssPostgresStorage(postgres);
            orleans.AddDashboard();
            orleans.AddLyssGrains(postgres);
        });

        var health = builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("cluster", tags: [ReadyTag])
            // Unready without PostgreSQL: grains cannot load or save state (the gateway stays ready; ingestion spills).
            .AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(3));
        if (redis is not null)
        {
            builder.Services.AddLyssRedis(redis);
            health.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(3));
        }

        var dashboard = builder.AddValidatedOptions<DashboardSettings>(DashboardSettings.SectionName);
        var access = dashboard.Access ?? (builder.Environment.IsDevelopment() ? DashboardAccess.Open : DashboardAccess.Loopback);
        builder.Services.AddAuthorization(o => o.AddPolicy(DashboardPolicy, policy =>
        {
            policy.RequireAssertion(context => access switch
            {
                DashboardAccess.Open => true,
                DashboardAccess.Loopback => context.Resource is HttpContext http
                    && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote),
                _ => false,
            });
        }));
        builder.Services.PostConfigure<DashboardSettings>(o => o.Access = access);
        return builder;
    }

    /// <summary>An IP as it is, or a host name (a container's, say) resolved to its first IPv4 address.</summary>
    private static IPAddress ResolveAdvertisedAddress(string address) =>
        IPAddress.TryParse(address, out var ip)
            ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"Lyss:Silo:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");

    /// <summary>The silo's own web endpoint: health, metrics and the dashboard at the root.</summary>
    public static WebApplication MapLyssSiloEndpoints(this WebApplication app)
    {
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapMetrics("/metrics");

        var access = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardSettings>>().Value.Access;
        if (access != DashboardAccess.Disabled)
        {
            app.MapOrleansDashboard().RequireAuthorization(DashboardPolicy);
        }

        return app;
    }
}
