using Lyss.UserGrains.Client;

namespace Lyss.UserGrains.Gateway.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>The gateway's Orleans client (the same as any .NET service's), reporting its connection to the readiness check.</summary>
    public static WebApplicationBuilder AddLyssClusterClient(this WebApplicationBuilder builder)
    {
        var connectionState = new ClusterConnectionState();
        builder.Services.AddSingleton(connectionState);
        return builder.AddLyssUserGrainsClient(client => client.AddClusterConnectionStatusObserver(connectionState));
    }
}
