using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Tests.Probes;
using Npgsql;

namespace Lyss.UserGrains.Tests.Silo;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ReminderTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_reminder_registered_before_a_silo_restart_fires_on_the_silo_that_replaces_it()
    {
        // Its own one-silo cluster: stopping the only silo must not disturb the shared one.
        await using var cluster = PostgresClusterFixture.BuildCluster(fixture.ConnectionString, silos: 1);
        await cluster.DeployAsync();
        var id = Guid.NewGuid();
        var grain = cluster.Client.GetGrain<IProbeGrain>(id);
        await grain.StartReminderAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
        Assert.Equal(1, await CountReminderRowsAsync(cluster.Options.ServiceId));

        var first = cluster.Silos[0];
        var firstAddress = first.SiloAddress.ToParsableString();
        await cluster.StopSiloAsync(first);
        var second = await cluster.StartAdditionalSiloAsync();
        var secondAddress = second.SiloAddress.ToParsableString();
        Assert.NotEqual(firstAddress, secondAddress);

        var snapshot = await Eventually.MatchAsync(
            () => cluster.Client.GetGrain<IProbeGrain>(id).GetAsync(),
            s => s.ReminderTicks.Any(t => t.StartsWith(secondAddress, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "a reminder tick on the restarted silo");
        Assert.Contains(snapshot.ReminderTicks, t => t.StartsWith(secondAddress, StringComparison.Ordinal));

        await cluster.Client.GetGrain<IProbeGrain>(id).StopReminderAsync();
        Assert.Equal(0, await CountReminderRowsAsync(cluster.Options.ServiceId));
    }

    private async Task<long> CountReminderRowsAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_reminders WHERE service_id = @service", connection);
        command.Parameters.AddWithValue("service", serviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
