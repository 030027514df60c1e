namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>A live stack of its own with a second silo in its cluster: grains spread over two silos.</summary>
public sealed class TwoSiloStackFixture : LiveStackFixture
{
    public SiloProcess SecondSilo { get; private set; } = null!;

    protected override bool DeliversNotifications => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SecondSilo = await SiloProcess.StartAsync(ClusterId, ServiceId, await TestDatabase.ConnectionStringAsync(), new Dictionary<string, string?>
        {
            ["Lyss:Activities:SpillQueue"] = SpillQueue,
        });
    }

    public override async Task DisposeAsync()
    {
        await SecondSilo.DisposeAsync();
        await base.DisposeAsync();
    }
}
