using System.Diagnostics;
using Lyss.UserGrains.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Lyss.UserGrains.Gateway.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>The gateway's Orleans client: Redis membership (or one local silo), retried at start-up.</summary>
    public static WebApplicationBuilder AddLyssClusterClient(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.BindValidated<ClusterClientSettings>(ClusterClientSettings.SectionName);
        var redis = settings.Clustering == "Redis" ? builder.Configuration.RequiredConnectionString("Redis") : null;
        var connectionState = new ClusterConnectionState();
        builder.Services.AddSingleton(connectionState);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            if (redis is null)
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }
            else
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            }

            client.AddClusterConnectionStatusObserver(connectionState);
            var started = Stopwatch.StartNew();
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                if (started.Elapsed > settings.ConnectRetryWindow)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
