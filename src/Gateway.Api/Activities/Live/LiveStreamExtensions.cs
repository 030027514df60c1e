using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Lyss.UserGrains.Hosting;

namespace Lyss.UserGrains.Gateway.Activities.Live;

public static class LiveStreamExtensions
{
    /// <summary>The live activity stream's hub, reading through this gateway's Redis (none configured: the stream answers 503).</summary>
    public static WebApplicationBuilder AddLyssLiveStream(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddLyssRedis(redis);
        }

        builder.Services.AddSingleton(sp => new LiveStreamSettings(
            sp.GetRequiredService<IClusterClient>().ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        builder.Services.AddSingleton<LiveActivityHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveActivityHub>());
        return builder;
    }
}
