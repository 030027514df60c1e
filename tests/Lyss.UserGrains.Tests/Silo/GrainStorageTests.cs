using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Tests.Probes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Lyss.UserGrains.Tests.Silo;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class GrainStorageTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task State_written_survives_deactivation_and_is_read_back_by_a_new_activation()
    {
        var grain = fixture.Client.GetGrain<IProbeGrain>(Guid.NewGuid());
        await grain.SetAsync("written before deactivation");
        var before = await grain.GetAsync();

        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.GetAsync();

        Assert.NotEqual(before.ActivationId, after.ActivationId);
        Assert.Equal("written before deactivation", after.Value);
    }

    [Fact]
    public async Task State_is_stored_as_plain_json_in_the_orleans_storage_table()
    {
        var id = Guid.NewGuid();
        await fixture.Client.GetGrain<IProbeGrain>(id).SetAsync("plain");

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload, version FROM orleans_storage WHERE grain_type = 'probe' AND service_id = @service AND convert_from(payload, 'UTF8') LIKE '%plain%'",
            connection);
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no storage row for the probe grain");
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString((byte[])reader["payload"]));
        Assert.Equal("plain", json.RootElement.GetProperty("Value").GetString());
        Assert.False(json.RootElement.TryGetProperty("$type", out _), "state must not carry .NET type names");
        Assert.Equal(1, reader.GetInt32(1));
    }

    [Fact]
    public async Task State_written_by_an_older_shape_is_read_by_a_newer_one_and_back()
    {
        // What a deployment that adds a field meets: rows written by the previous build.
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(LyssStorage.ProviderName);
        var grainId = GrainId.Create("versioned", "v:" + Guid.NewGuid().ToString("N"));

        var v1 = new GrainState<StateV1>(new StateV1 { Name = "Ada", Visits = 3 });
        await storage.WriteStateAsync("versioned", grainId, v1);

        var v2 = new GrainState<StateV2>(new StateV2());
        await storage.ReadStateAsync("versioned", grainId, v2);
        Assert.True(v2.RecordExists);
        Assert.Equal("Ada", v2.State!.Name);
        Assert.Equal(3, v2.State.Visits);
        Assert.Equal("zh-CN", v2.State.Language);

        v2.State.Language = "en";
        await storage.WriteStateAsync("versioned", grainId, v2);
        var back = new GrainState<StateV1>(new StateV1());
        await storage.ReadStateAsync("versioned", grainId, back);
        Assert.Equal("Ada", back.State!.Name);
    }

    [Fact]
    public async Task A_stale_etag_is_refused_rather_than_overwriting_newer_state()
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(LyssStorage.ProviderName);
        var grainId = GrainId.Create("versioned", "v:" + Guid.NewGuid().ToString("N"));
        var first = new GrainState<StateV1>(new StateV1 { Name = "first" });
        await storage.WriteStateAsync("versioned", grainId, first);
        var stale = new GrainState<StateV1>(new StateV1 { Name = "stale" }) { ETag = first.ETag };
        await storage.WriteStateAsync("versioned", grainId, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("versioned", grainId, stale));
    }

    public sealed class StateV1
    {
        public string Name { get; set; } = "";
        public int Visits { get; set; }
    }

    public sealed class StateV2
    {
        public string Name { get; set; } = "";
        public int Visits { get; set; }
        public string Language { get; set; } = "zh-CN";
    }
}
