using Lyss.UserGrains.Client;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lyss.UserGrains.Tests.Silo;

/// <summary>The README's client snippet, compiled and run; a test keeps the two texts identical.</summary>
public static class ReadmeClientExample
{
    public static async Task<(IHost Host, UserView? User)> RunAsync(string redis, string clusterId, string serviceId, Guid userId)
    {
        // README:client:begin
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Lyss:Cluster:ClusterId"] = clusterId;   // the silos' cluster, "lyss-dev" locally
        builder.Configuration["Lyss:Cluster:ServiceId"] = serviceId;   // "lyss-user-grains"
        builder.Configuration["ConnectionStrings:Redis"] = redis;      // where the cluster's membership is
        builder.AddLyssUserGrainsClient();
        var host = builder.Build();
        await host.StartAsync();

        var grains = host.Services.GetRequiredService<IClusterClient>();
        UserView? user = await grains.GetGrain<IUserGrain>(userId).GetAsync();
        // README:client:end
        return (host, user);
    }
}
