using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Lyss.UserGrains.Tests.Silo;

/// <summary>The README's client snippet, compiled and run; a test keeps the two texts identical.</summary>
public static class ReadmeClientExample
{
    public static async Task<(IHost Host, UserView? User)> RunAsync(string redis, string clusterId, string serviceId, Guid userId)
    {
        // README:client:begin
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;   // Lyss:Silo:ClusterId of the silos, "lyss-dev" locally
                o.ServiceId = serviceId;   // Lyss:Silo:ServiceId, "lyss-user-grains"
            });
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        });
        var host = builder.Build();
        await host.StartAsync();

        var grains = host.Services.GetRequiredService<IClusterClient>();
        UserView? user = await grains.GetGrain<IUserGrain>(userId).GetAsync();
        // README:client:end
        return (host, user);
    }
}
