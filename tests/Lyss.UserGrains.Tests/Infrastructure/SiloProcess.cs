using Lyss.UserGrains.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>A real silo host (the Silo project's own builder) on free loopback ports and Redis membership.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(WebApplication app, int siloPort, int gatewayPort)
    {
        App = app;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public WebApplication App { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public static async Task<SiloProcess> StartAsync(string clusterId, string serviceId, string postgres, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var app = SiloApp.Build([], builder =>
        {
            builder.Environment.EnvironmentName = "Development";
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Lyss:Silo:ClusterId"] = clusterId,
                ["Lyss:Silo:ServiceId"] = serviceId,
                ["Lyss:Silo:Clustering"] = "Redis",
                ["Lyss:Silo:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Lyss:Silo:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Lyss:Silo:ShutdownTimeout"] = "00:00:10",
                ["Lyss:Users:ActiveUsersSampleInterval"] = "00:00:01",
                ["ConnectionStrings:Postgres"] = postgres,
                ["ConnectionStrings:Redis"] = TestServices.Redis,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new SiloProcess(app, siloPort, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
