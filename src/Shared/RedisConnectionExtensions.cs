using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Lyss.UserGrains.Hosting;

/// <summary>The host's one Redis connection for its own use (spill, live streams), beside Orleans' membership client.</summary>
internal static class RedisConnectionExtensions
{
    /// <summary>
    /// Registers it, connected on first use; a Redis that is down at start does not stop the host
    /// (the connection keeps retrying), so what needs it degrades instead.
    /// </summary>
    public static IServiceCollection AddLyssRedis(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }
}
