using Lyss.UserGrains.Gateway.Hosting;

namespace Lyss.UserGrains.Gateway;

/// <summary>Builds the gateway host; tests build it too, with their own configuration.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddLyssGateway();
        var app = builder.Build();
        app.MapLyssGateway();
        return app;
    }
}
