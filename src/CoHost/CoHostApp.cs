using Lyss.UserGrains.Gateway;
using Lyss.UserGrains.Gateway.Hosting;
using Lyss.UserGrains.Silo;
using Microsoft.Extensions.Configuration.Json;

namespace Lyss.UserGrains.CoHost;

/// <summary>
/// A silo and the REST gateway in one process: the gateway "co-hosted with a silo when configured"
/// of docs/architecture.md. Each keeps its own web host, port and pipeline (the silo: Dashboard, health,
/// metrics; the gateway: the API); the gateway calls grains through the silo's own client instead of
/// a TCP connection to a silo gateway.
/// </summary>
public static class CoHostApp
{
    public const string SettingsFile = "cohost.json";

    public static CoHostedApps Build(string[] args, Action<WebApplicationBuilder>? configureSilo = null, Action<WebApplicationBuilder>? configureGateway = null)
    {
        var silo = SiloApp.Build(args, builder =>
        {
            UseSettingsFile(builder);
            configureSilo?.Invoke(builder);
            UseUrls(builder, "Lyss:Host:SiloUrls");
        });
        var gateway = GatewayApp.Build(args, builder =>
        {
            UseSettingsFile(builder);
            builder.Services.AddSingleton(silo.Services.GetRequiredService<IClusterClient>());
            builder.Services.AddSingleton(silo.Services.GetRequiredService<IGrainFactory>());
            builder.Services.AddSingleton(ClusterConnectionState.CoHosted());
            configureGateway?.Invoke(builder);
            UseUrls(builder, "Lyss:Host:GatewayUrls");
        });
        return new CoHostedApps(silo, gateway);
    }

    // Both projects' appsettings.json land in this project's output under one name, so neither is
    // read: cohost.json takes their place, and environment variables and arguments still override it.
    private static void UseSettingsFile(WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var position = sources.Count;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources.RemoveAt(i);
                position = i;
            }
        }

        sources.Insert(position, new JsonConfigurationSource { Path = SettingsFile, Optional = false });
    }

    // One process, two listeners: each host takes its own address, not the shared Urls setting.
    private static void UseUrls(WebApplicationBuilder builder, string key)
    {
        var urls = builder.Configuration[key] ?? throw new InvalidOperationException($"{key} is not configured.");
        builder.WebHost.UseUrls(urls);
    }
}
