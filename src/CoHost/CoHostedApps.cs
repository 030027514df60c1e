namespace Lyss.UserGrains.CoHost;

/// <summary>The running pair: the silo starts first; <see cref="StopAsync"/> stops the gateway first.</summary>
public sealed class CoHostedApps(WebApplication silo, WebApplication gateway) : IAsyncDisposable
{
    public WebApplication Silo { get; } = silo;

    public WebApplication Gateway { get; } = gateway;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Silo.StartAsync(cancellationToken);
        await Gateway.StartAsync(cancellationToken);
        // Either one stopping (a signal, a fatal error) stops the other: a gateway without its silo
        // answers nothing, and a silo alone is not what was asked for.
        Silo.Lifetime.ApplicationStopping.Register(() => Gateway.Lifetime.StopApplication());
        Gateway.Lifetime.ApplicationStopping.Register(() => Silo.Lifetime.StopApplication());
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        // Requests in flight finish against a live silo; then the silo deactivates its grains and
        // its activity writer stores what it holds.
        await Gateway.StopAsync(cancellationToken);
        await Silo.StopAsync(cancellationToken);
    }

    public async Task RunAsync()
    {
        await StartAsync();
        await Task.WhenAll(Gateway.WaitForShutdownAsync(), Silo.WaitForShutdownAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
