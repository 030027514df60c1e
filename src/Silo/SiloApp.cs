using Lyss.UserGrains.Silo.Hosting;

namespace Lyss.UserGrains.Silo;

/// <summary>Builds the silo host; tests build it too, with their own configuration.</summary>
public static class SiloApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddLyssSilo();
        var app = builder.Build();
        app.MapLyssSiloEndpoints();
        return app;
    }
}
