using Lyss.UserGrains.Client;

namespace Lyss.UserGrains.Gateway.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>The gateway's Orleans client (the same as any .NET service's), reporting its connection to the readiness check.</summary>
    /// <param name="builder">The gateway's host builder.</param>
    /// <param name="tracing">Carry the request's trace context with grain calls (when traces are recorded).</param>
    public static WebApplicationBuilder AddLyssClusterClient(this WebApplicationBuilder builder, bool tracing)
    {
        var connectionState = new ClusterConnectionState();
        builder.Services.AddSingleton(connectionState);
        return builder.AddLyssUserGrainsClient(client =>
        {
            client.AddClusterConnectionStatusObserver(connectionState);
            if (tracing)
            {
                client.AddActivityPropagation();
            }
        });
    }
}
