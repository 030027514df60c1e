using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Lyss.UserGrains.Silo.Hosting;
using Orleans.TestingHost;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// Two in-process silos whose grain state and reminders go through the real ADO.NET providers
/// to this run's PostgreSQL database, exactly as the Silo host configures them.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string ConnectionString { get; private set; } = "";

    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>The grains' clock in every silo of the shared cluster; reset it after moving it.</summary>
    public ShiftableClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.ConnectionStringAsync();
        Cluster = BuildCluster(ConnectionString, silos: 2, Clock);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A cluster on the same storage; tests that stop silos build their own with it.</summary>
    public static InProcessTestCluster BuildCluster(string connectionString, short silos, GrainClock? clock = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (clock is not null)
            {
                silo.Services.AddSingleton(clock);
            }

            silo.AddLyssPostgresStorage(connectionString);
            silo.AddLyssGrains(connectionString);
            // Production keeps Orleans' one-minute floor; tests tick faster to stay short.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        return builder.Build();
    }
}
