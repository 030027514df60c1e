using System.Net.Http.Headers;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Load;

/// <summary>
/// (c) Activity-summary latency at a fixed request rate, over REST beside the authenticated
/// hello endpoint (GET /whoami), and over the Orleans client beside an almost empty grain call
/// (GetAccessAsync), all in one run.
/// </summary>
public sealed class SummaryLatencyBenchmark(IClusterClient grains, Uri gateway, Func<Guid, string> tokenFor, int rate, TimeSpan duration)
{
    public async Task RunAsync()
    {
        var (tenant, users) = await BenchUsers.CreateAsync(grains, 200);
        foreach (var user in users)
        {
            await grains.GetGrain<IUserGrain>(user).TrackBatchAsync(BenchUsers.Activities(20), tenant, AckMode.Buffered);
        }

        using var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenFor(tenant));
        Console.WriteLine($"summary latency: {rate} req/s for {duration.TotalSeconds:F0} s per scenario, 200 users with 20 activities each");
        Console.WriteLine(LatencyRecorder.Header);
        var rows = new List<LatencyRecorder>();
        async Task Scenario(string name, Func<int, Task> request)
        {
            await PacedLoad.RunAsync("warm-up", rate, TimeSpan.FromSeconds(2), request);
            var recorder = await PacedLoad.RunAsync(name, rate, duration, request);
            rows.Add(recorder);
            Console.WriteLine(recorder.Row());
        }

        await Scenario("REST GET /whoami (authenticated hello)", async _ => (await http.GetAsync("/api/v1/whoami")).EnsureSuccessStatusCode());
        await Scenario("REST GET /users/{id}/activity-summary?days=30", async i => (await http.GetAsync($"/api/v1/users/{users[i % users.Length]}/activity-summary?days=30")).EnsureSuccessStatusCode());
        await Scenario("Orleans GetAccessAsync (near-empty grain call)", i => grains.GetGrain<IUserGrain>(users[i % users.Length]).GetAccessAsync(tenant));
        await Scenario("Orleans GetActivitySummaryAsync(30 days)", i => grains.GetGrain<IUserGrain>(users[i % users.Length]).GetActivitySummaryAsync(tenant, 30));
        Console.WriteLine($"REST p99 ratio summary/hello: {rows[1].Percentile(99) / rows[0].Percentile(99):F2}x; Orleans p99 ratio summary/empty: {rows[3].Percentile(99) / rows[2].Percentile(99):F2}x");
    }
}
