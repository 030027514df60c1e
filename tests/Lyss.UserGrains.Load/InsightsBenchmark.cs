using System.Diagnostics;
using Lyss.UserGrains.Behavior;

namespace Lyss.UserGrains.Load;

/// <summary>
/// Insights latency at <paramref name="users"/> users × <paramref name="days"/> days of history:
/// the service (GET-equivalent InsightsAsync through the Orleans client, answered from rollups)
/// beside the same insights computed from raw rows in the same run. Every user is analysed once
/// first so that peer comparison has its figures, as the daily use of the service leaves them.
/// </summary>
public sealed class InsightsBenchmark(IClusterClient grains, string adminConnectionString, int users, int days, int requests, int rawRequests)
{
    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, users);
        var load = Stopwatch.StartNew();
        var rows = await InsightsHistory.LoadAsync(adminConnectionString, tenant, ids, days);
        Console.WriteLine($"insights: {users} users × {days} days = {rows:N0} raw activity rows loaded with their rollups in {load.Elapsed.TotalSeconds:F0} s");

        var analyzer = grains.GetGrain<IBehaviorGrain>(0);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) => await analyzer.AnalyzeAsync(tenant, id, BehaviorPeriods.Monthly));

        var raw = new RawInsights(adminConnectionString);
        var same = 0;
        for (var i = 0; i < 5; i++)
        {
            var fromService = await analyzer.InsightsAsync(tenant, ids[i]);
            var fromRaw = await raw.ComputeAsync(tenant, ids[i], fromService.GeneratedAt);
            same += fromService.CurrentPeriod.EngagementScore == fromRaw.CurrentPeriod.EngagementScore
                && fromService.Trends.SequenceEqual(fromRaw.Trends)
                && fromService.PeerComparison.EngagementPercentile == fromRaw.PeerComparison.EngagementPercentile
                && fromService.PeerComparison.ActivityPercentile == fromRaw.PeerComparison.ActivityPercentile ? 1 : 0;
        }

        Console.WriteLine($"same answer (score, trends, both percentiles) for {same} of 5 users checked");
        var service = new LatencyRecorder("insights from rollups (Orleans client)");
        var baseline = new LatencyRecorder("insights from raw rows (same calculators)");
        for (var i = 0; i < requests; i++)
        {
            var id = ids[(i * 7919) % ids.Length];
            await service.TimeAsync(() => analyzer.InsightsAsync(tenant, id));
        }

        for (var i = 0; i < rawRequests; i++)
        {
            var id = ids[(i * 7919) % ids.Length];
            await baseline.TimeAsync(() => raw.ComputeAsync(tenant, id, DateTimeOffset.UtcNow));
        }

        Console.WriteLine(LatencyRecorder.Header);
        Console.WriteLine(service.Row());
        Console.WriteLine(baseline.Row());
        Console.WriteLine($"p99 ratio raw/rollups: {baseline.Percentile(99) / service.Percentile(99):F1}x; p50 ratio: {baseline.Percentile(50) / service.Percentile(50):F1}x");
    }
}
