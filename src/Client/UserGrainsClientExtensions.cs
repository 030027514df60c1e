using System.Diagnostics;
using Lyss.UserGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Lyss.UserGrains.Client;

public static class UserGrainsClientExtensions
{
    /// <summary>
    /// Makes this host an Orleans client of the Lyss User Grains cluster: <c>Lyss:Cluster</c> says which
    /// cluster (validated now, naming the bad field), <c>ConnectionStrings:Redis</c> where its membership
    /// is; start-up retries while no silo is reachable. Grains are then called through <see cref="IClusterClient"/>.
    /// </summary>
    /// <param name="configureClient">More client configuration (observers, filters).</param>
    public static TBuilder AddLyssUserGrainsClient<TBuilder>(this TBuilder builder, Action<IClientBuilder>? configureClient = null)
        where TBuilder : IHostApplicationBuilder
    {
        var options = builder.AddValidatedOptions<UserGrainsClientOptions>(UserGrainsClientOptions.SectionName);
        var redis = options.Clustering == "Redis" ? builder.Configuration.RequiredConnectionString("Redis") : null;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            if (redis is null)
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            }
            else
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            }

            var started = Stopwatch.StartNew();
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                if (started.Elapsed > options.ConnectRetryWindow)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
            configureClient?.Invoke(client);
        });
        return builder;
    }
}
