using Lyss.UserGrains.Grains.Hosting;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>One silo with in-memory storage and reminders: for grain logic that needs no database.</summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        // Grains that keep read models get a data source, but nothing here opens it.
        var unused = TestServices.PostgresConnectionString("unused");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(LyssStorage.ProviderName);
            silo.UseInMemoryReminderService();
            silo.AddLyssGrains(unused);
            silo.Services.Configure<UserOptions>(o => o.ActiveUsersSampleInterval = TimeSpan.Zero);
            silo.Services.Configure<Lyss.UserGrains.Grains.Notifications.NotificationOptions>(o => o.PollInterval = TimeSpan.FromMinutes(10));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
