using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Lyss.UserGrains.Load;

/// <summary>
/// Bulk onboarding through SCIM, as an identity provider does it: POST /scim/v2/Users with the
/// tenant's SCIM token, N users by one caller into one tenant, then M users by C concurrent callers
/// into another, in the same run. Reports each phase's rate, the tenant grains' busy share (the
/// silo's grain_busy_seconds_total for grain type "tenant" over the phase's length), and the member
/// count the tenant reports beside the rows in tenant_members. The users and tenants are deleted after.
/// </summary>
public sealed class ScimProvisionBenchmark(Uri gateway, string operatorToken, string adminConnectionString, Uri siloMetrics, int single, int concurrent, int callers)
{
    private readonly ConcurrentBag<(Guid Tenant, Guid User, string Email)> _created = [];

    public async Task RunAsync()
    {
        using var metrics = new SiloMetrics(siloMetrics);
        var tenants = new List<Guid>();
        try
        {
            Console.WriteLine("| phase | callers | users | seconds | users/s | ms per user (mean) | p99 ms | tenant grain busy | member_count | rows in tenant_members |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var singleRate = await PhaseAsync("one caller", single, 1, tenants, metrics);
            var concurrentRate = await PhaseAsync($"{callers} callers", concurrent, callers, tenants, metrics);
            Console.WriteLine();
            Console.WriteLine($"concurrent / single: {concurrentRate / singleRate:F1}x (target >= 5x); one caller: {1000.0 / singleRate:F1} ms per registration (target < 31 ms)");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("LYSS_BENCH_KEEP") is { Length: > 0 })
            {
                Console.WriteLine($"kept the benchmark tenants {string.Join(", ", tenants)} (LYSS_BENCH_KEEP)");
            }
            else
            {
                await CleanUpAsync(tenants);
            }
        }
    }

    private async Task<double> PhaseAsync(string name, int users, int parallelism, List<Guid> tenants, SiloMetrics metrics)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        var tenant = Guid.NewGuid();
        tenants.Add(tenant);
        (await http.PostAsJsonAsync("/api/v1/tenants", new { id = tenant, name = $"SCIM onboarding {name}", auto_activate_users = true })).EnsureSuccessStatusCode();
        var minted = await http.PostAsJsonAsync($"/api/v1/tenants/{tenant}/scim-tokens", new { name = "bench" });
        minted.EnsureSuccessStatusCode();
        var scimToken = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        using var scim = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallelism }) { BaseAddress = gateway };
        scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", scimToken);
        // Warm the path (token cache, first activations) outside the clock, as an IdP's test connection does.
        (await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"nobody@bench.example\""))).EnsureSuccessStatusCode();

        var latency = new LatencyRecorder(name);
        var busyBefore = await metrics.ReadAsync("grain_busy_seconds_total", "grain_type=\"tenant\"");
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var email = $"p{i}.{tenant:N}@bench.example";
            var body = $$"""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email}}","externalId":"emp-{{i}}","active":true,
                 "name":{"givenName":"Bench","familyName":"User {{i}}"},"displayName":"Bench User {{i}}",
                 "emails":[{"value":"{{email}}","type":"work","primary":true}]}
                """;
            var started = Stopwatch.GetTimestamp();
            using var response = await scim.PostAsync("/scim/v2/Users", new StringContent(body, Encoding.UTF8, "application/scim+json"));
            latency.Record(Stopwatch.GetTimestamp() - started);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"user {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            _created.Add((tenant, id, email));
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var busy = await metrics.ReadAsync("grain_busy_seconds_total", "grain_type=\"tenant\"") - busyBefore;

        // The tenant's own count, once the seats leased to registrations in flight are settled.
        var memberCount = -1;
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(10))
        {
            memberCount = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}")).GetProperty("member_count").GetInt32();
            if (memberCount == users)
            {
                break;
            }

            await Task.Delay(100);
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM tenant_members WHERE tenant_id = @t", connection);
        count.Parameters.AddWithValue("t", tenant);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        var rate = users / seconds;
        Console.WriteLine($"| {name} | {parallelism} | {users:N0} | {seconds:F1} | {rate:F0} | {seconds * 1000 * parallelism / users:F1} | {latency.Percentile(99):F1} | {busy / seconds:P1} ({busy:F2} s) | {memberCount:N0} (settled in {settle.Elapsed.TotalSeconds:F1} s) | {rows:N0} |");
        return rate;
    }

    /// <summary>Deletes what the run wrote: the users' read-model rows and grain states, the tenants and their tokens.</summary>
    private async Task CleanUpAsync(List<Guid> tenants)
    {
        var users = _created.Select(c => c.User).ToArray();
        var emailKeys = _created.Select(c => "email:" + c.Email.ToLowerInvariant()).ToArray();
        var halves = users.Select(Halves).ToArray();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string[] statements =
        [
            "DELETE FROM user_events WHERE user_id = ANY(@users)",
            "DELETE FROM user_preferences WHERE user_id = ANY(@users)",
            "DELETE FROM user_profiles WHERE user_id = ANY(@users)",
            "DELETE FROM outbound_messages WHERE user_id = ANY(@users)",
            "DELETE FROM user_notifications WHERE user_id = ANY(@users)",
            "DELETE FROM tenant_members WHERE tenant_id = ANY(@tenants)",
            "DELETE FROM tenant_member_counts WHERE tenant_id = ANY(@tenants)",
            "DELETE FROM users WHERE id = ANY(@users)",
            "DELETE FROM tenant_events WHERE tenant_id = ANY(@tenants)",
            "DELETE FROM tenant_credentials WHERE tenant_id = ANY(@tenants)",
            "DELETE FROM tenants WHERE id = ANY(@tenants)",
            "DELETE FROM orleans_storage WHERE grain_type = 'email-index' AND grain_id_ext = ANY(@emails)",
            "DELETE FROM orleans_storage WHERE grain_type = 'external-id' AND " + string.Join(" OR ", tenants.Select((t, i) => $"grain_id_ext LIKE @ext{i}")),
            "DELETE FROM orleans_storage s USING unnest(@n0, @n1) AS k(n0, n1) WHERE s.grain_type IN ('user', 'tenant') AND s.grain_id_n0 = k.n0 AND s.grain_id_n1 = k.n1",
        ];
        var tenantHalves = tenants.Select(Halves).ToArray();
        long deleted = 0;
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("users", users);
            command.Parameters.AddWithValue("tenants", tenants.ToArray());
            command.Parameters.AddWithValue("emails", emailKeys);
            command.Parameters.AddWithValue("n0", halves.Select(h => h.N0).Concat(tenantHalves.Select(h => h.N0)).ToArray());
            command.Parameters.AddWithValue("n1", halves.Select(h => h.N1).Concat(tenantHalves.Select(h => h.N1)).ToArray());
            for (var i = 0; i < tenants.Count; i++)
            {
                command.Parameters.AddWithValue($"ext{i}", $"ext:{tenants[i]:N}:%");
            }

            deleted += await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        Console.WriteLine($"deleted the {users.Length:N0} benchmark users and {tenants.Count} tenants ({deleted:N0} rows)");
    }

    /// <summary>Guid keys are stored as the two 64-bit halves of the Guid's bytes.</summary>
    private static (long N0, long N1) Halves(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return (BitConverter.ToInt64(bytes), BitConverter.ToInt64(bytes[8..]));
    }
}
