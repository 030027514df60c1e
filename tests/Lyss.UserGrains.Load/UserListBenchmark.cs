using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using NpgsqlTypes;

namespace Lyss.UserGrains.Load;

/// <summary>
/// GET /api/v1/users on one tenant holding N users. The users are loaded straight into the
/// read-model tables (binary COPY), as a rebuild would leave them; then each list scenario is
/// requested sequentially over REST, beside a single-user read through a grain as baseline.
/// </summary>
public sealed class UserListBenchmark(Uri gateway, string token, string adminConnectionString, int users, int requests)
{
    public async Task RunAsync()
    {
        using var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var tenant = Guid.NewGuid();
        var created = await http.PostAsJsonAsync("/api/v1/tenants", new { id = tenant, name = "List benchmark" });
        created.EnsureSuccessStatusCode();
        await SeedAsync(tenant);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TenantToken?.Invoke(tenant) ?? token);
        var registered = await http.PostAsJsonAsync("/api/v1/users", new { email = $"baseline.{tenant:N}@bench.example", name = "Baseline User" });
        registered.EnsureSuccessStatusCode();
        var sample = (await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        // A token for the benchmark tenant: the operator token works across tenants but lists its own.
        var scenarios = new (string Name, string Path)[]
        {
            ("baseline: GET /users/{id} (one grain call)", $"/api/v1/users/{sample}"),
            ("list, default (created_at desc), limit 20", "/api/v1/users?limit=20"),
            ("list, status=inactive", "/api/v1/users?status=inactive&limit=20"),
            ("list, sort_by=name asc", "/api/v1/users?sort_by=name&sort_order=asc&limit=20"),
            ("list, sort_by=last_login_at", "/api/v1/users?sort_by=last_login_at&limit=20"),
            ("list, query=user42 (substring search)", "/api/v1/users?query=user42&limit=20"),
            ("list, offset=5000", "/api/v1/users?limit=20&offset=5000"),
        };
        Console.WriteLine($"tenant {tenant}: {users} users; {requests} sequential requests per scenario after 100 warm-up");
        Console.WriteLine(LatencyRecorder.Header);
        foreach (var (name, path) in scenarios)
        {
            for (var i = 0; i < 100; i++)
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
            }

            var recorder = new LatencyRecorder(name);
            for (var i = 0; i < requests; i++)
            {
                await recorder.TimeAsync(async () => (await http.GetAsync(path)).EnsureSuccessStatusCode());
            }

            Console.WriteLine(recorder.Row());
        }
    }

    /// <summary>Mints a token for the benchmark tenant (the tenant id is only known at run time).</summary>
    public Func<Guid, string>? TenantToken { get; init; }

    private async Task<Guid> SeedAsync(Guid tenant)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var statuses = new[] { "active", "active", "active", "inactive", "pending" };
        var now = DateTime.UtcNow;
        var ids = Enumerable.Range(0, users).Select(_ => Guid.CreateVersion7()).ToArray();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY users (id, email, name, tenant_id, status, email_verified, created_at, updated_at, last_login_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < users; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await writer.WriteAsync($"user{i}.{tenant:N}@bench.example", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"Bench User{i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await writer.WriteAsync(statuses[i % statuses.Length], NpgsqlDbType.Varchar);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(now.AddSeconds(-i), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now.AddMinutes(-(i % 10_000)), NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY tenant_members (tenant_id, user_id, role, status, joined_at, email, name, user_status, user_created_at, last_login_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < users; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await writer.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await writer.WriteAsync("member", NpgsqlDbType.Varchar);
                await writer.WriteAsync("active", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now.AddSeconds(-i), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync($"user{i}.{tenant:N}@bench.example", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"Bench User{i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(statuses[i % statuses.Length], NpgsqlDbType.Varchar);
                await writer.WriteAsync(now.AddSeconds(-i), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now.AddMinutes(-(i % 10_000)), NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE users; ANALYZE tenant_members;", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return ids[users / 2];
    }
}
