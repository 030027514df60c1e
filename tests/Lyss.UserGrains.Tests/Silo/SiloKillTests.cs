using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lyss.UserGrains.Gateway;
using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Lyss.UserGrains.Tests.Silo;

/// <summary>
/// kill -9 of one of two silo processes under durable load, through the REST gateway: every
/// acknowledged activity is stored, none twice (message ids counted in PostgreSQL); callers retry
/// what was not acknowledged with the same message_id, as the docs tell them to.
/// </summary>
[Trait("Needs", "Services")]
[Trait("Speed", "Slow")]
public sealed class SiloKillTests
{
    [Fact]
    public async Task Killing_one_of_two_silos_under_durable_load_loses_and_doubles_nothing_acknowledged()
    {
        var postgres = await TestDatabase.ConnectionStringAsync();
        var clusterId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var serviceId = "kill-service";
        using var first = StartSilo(clusterId, serviceId, postgres, out var firstHttp);
        using var second = StartSilo(clusterId, serviceId, postgres, out var secondHttp);
        try
        {
            await WaitReadyAsync(firstHttp);
            await WaitReadyAsync(secondHttp);
            var gateway = GatewayApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Lyss:Cluster:ClusterId"] = clusterId,
                ["Lyss:Cluster:ServiceId"] = serviceId,
                ["Lyss:Cluster:Clustering"] = "Redis",
                ["Lyss:Auth:Issuer"] = "kill-test",
                ["Lyss:Auth:Audience"] = "kill-test",
                ["Lyss:Auth:SigningKey"] = new string('k', 48),
                ["ConnectionStrings:Redis"] = TestServices.Redis,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            await gateway.StartAsync();
            await using var _ = gateway;
            using var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()), Timeout = TimeSpan.FromSeconds(40) };
            var tokens = new Lyss.UserGrains.Gateway.Auth.TokenIssuer(
                new() { Issuer = "kill-test", Audience = "kill-test", SigningKey = new string('k', 48) }, TimeProvider.System);
            var tenant = Guid.NewGuid();
            var api = new ApiClient(http, tokens.Issue("svc", tenant, ["tenant:create", "user:*", "activity:*"], TimeSpan.FromMinutes(10)));
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Kill" })).Status);
            var users = new List<Guid>();
            for (var i = 0; i < 16; i++)
            {
                var (status, body) = await api.PostAsync("/api/v1/users", new { email = $"k{i}.{Guid.NewGuid():N}@example.com", name = "Kill User", auto_activate = true });
                Assert.Equal(HttpStatusCode.Created, status);
                users.Add(body.GetProperty("id").GetGuid());
            }

            var acknowledged = new ConcurrentDictionary<string, Guid>();
            var retried = 0;
            var stopAt = DateTime.UtcNow + TimeSpan.FromSeconds(12);
            var load = users.Select(user => Task.Run(async () =>
            {
                for (var n = 0; DateTime.UtcNow < stopAt; n++)
                {
                    var messageId = $"{user:N}-{n}";
                    // Retry until acknowledged (a deadline keeps a broken build from hanging the suite).
                    for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); DateTime.UtcNow < deadline;)
                    {
                        try
                        {
                            var (status, body) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", message_id = messageId, ack = "durable" });
                            if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                            {
                                acknowledged[messageId] = body.GetProperty("id").GetGuid();
                                break;
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                        }

                        Interlocked.Increment(ref retried);
                        await Task.Delay(200);
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(4));
            first.Kill(entireProcessTree: true);
            await Task.WhenAll(load);

            Assert.True(acknowledged.Count > 200, $"load ran ({acknowledged.Count} acknowledged)");
            Assert.True(retried > 0, "the kill interrupted calls that were then retried");
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT message_id, count(*) FROM user_activities WHERE user_id = ANY(@users) AND message_id IS NOT NULL GROUP BY message_id", connection);
            command.Parameters.AddWithValue("users", users.ToArray());
            var stored = new Dictionary<string, long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            var lost = acknowledged.Keys.Where(k => !stored.ContainsKey(k)).ToList();
            var doubled = stored.Where(s => s.Value > 1).Select(s => s.Key).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged activities lost of {acknowledged.Count}");
            Assert.True(doubled.Count == 0, $"{doubled.Count} activities stored twice");
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            second.Kill(entireProcessTree: true);
        }
    }

    private static Process StartSilo(string clusterId, string serviceId, string postgres, out HttpClient health)
    {
        var httpPort = FreePorts.Next();
        var dll = Path.Combine(TestServices.RepoRoot, "src", "Silo", "bin", "Release", "net10.0", "Lyss.UserGrains.Silo.dll");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Lyss__Silo__ClusterId"] = clusterId,
            ["Lyss__Silo__ServiceId"] = serviceId,
            ["Lyss__Silo__Clustering"] = "Redis",
            ["Lyss__Silo__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lyss__Silo__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings__Postgres"] = postgres,
            ["ConnectionStrings__Redis"] = TestServices.Redis,
            ["Logging__LogLevel__Default"] = "Warning",
        })
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a silo process");
        // Drain its output so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient health) =>
        await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    return (await health.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "a silo process ready");
}
