using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Load;

/// <summary>
/// What a row costs as silos are added (run by scripts/scale-out.sh once per silo count, on a cluster
/// whose silos count calls by origin): ingestion through the grains (TrackBatch, as the ingest
/// benchmark) and through REST (single POST /activities), each reporting the silos' CPU per row in
/// total and per silo (their process_cpu_seconds_total around the timed part), the gateway's for REST,
/// and the share of grain calls the silos received from another silo (grain_calls_total{origin}).
/// </summary>
public sealed class ScaleOutBenchmark(
    IClusterClient grains, Uri gateway, Func<Guid, string> tokenFor, IReadOnlyList<Uri> siloMetrics, Uri gatewayMetrics,
    string adminConnectionString, int activities, TimeSpan restDuration, int restConnections)
{
    private const int Users = 400;
    private const int Batch = 500;
    private const int Callers = 8;

    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, Users);
        try
        {
            Console.WriteLine($"scale-out: {siloMetrics.Count} silo(s); {activities} activities via TrackBatch of {Batch} ({Callers} callers), then {restDuration.TotalSeconds:F0} s of single POST /activities on {restConnections} connections; {Users} users");
            // Warm-up of both paths (activations, JIT tiers, connection pools) before any figure is read.
            await TrackAsync(tenant, ids, 20_000);
            await PostAsync(tenant, ids, TimeSpan.FromSeconds(3));
            var grainsRun = await MeasureAsync(() => TrackAsync(tenant, ids, activities));
            var restRun = await MeasureAsync(() => PostAsync(tenant, ids, restDuration));
            Console.WriteLine("| path | silos | rows | rows/s | silo CPU µs/row (all silos) | per silo µs/row | gateway CPU µs/row | calls from another silo | from the same silo | from clients |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
            Print("grains (TrackBatch)", grainsRun);
            Print("REST (POST /activities)", restRun);
        }
        finally
        {
            await IngestBenchmark.DeleteActivitiesAsync(adminConnectionString, tenant);
        }
    }

    private void Print(string path, Run run)
    {
        var perSilo = string.Join(" / ", run.SiloCpu.Select(c => $"{c / run.Rows * 1e6:F1}"));
        var calls = run.Remote + run.Local + run.Client;
        Console.WriteLine($"| {path} | {siloMetrics.Count} | {run.Rows:N0} | {run.Rows / run.Seconds:N0} | {run.SiloCpu.Sum() / run.Rows * 1e6:F1} | {perSilo} | " +
            $"{run.GatewayCpu / run.Rows * 1e6:F1} | {run.Remote / calls:P1} ({run.Remote:N0}) | {run.Local / calls:P1} | {run.Client / calls:P1} |");
    }

    private sealed record Run(long Rows, double Seconds, double[] SiloCpu, double GatewayCpu, double Remote, double Local, double Client);

    private sealed record Reading(double[] Cpu, double GatewayCpu, double Flushed, double Remote, double Local, double Client);

    private async Task<Reading> ReadAsync()
    {
        var cpu = new double[siloMetrics.Count];
        double flushed = 0, remote = 0, local = 0, client = 0;
        for (var i = 0; i < siloMetrics.Count; i++)
        {
            using var metrics = new SiloMetrics(siloMetrics[i]);
            cpu[i] = await metrics.ReadAsync("process_cpu_seconds_total");
            flushed += await metrics.ReadAsync("user_activities_flushed_rows_total");
            remote += await metrics.ReadAsync("grain_calls_total", "origin=\"remote\"");
            local += await metrics.ReadAsync("grain_calls_total", "origin=\"local\"");
            client += await metrics.ReadAsync("grain_calls_total", "origin=\"client\"");
        }

        using var gatewayReader = new SiloMetrics(gatewayMetrics);
        return new Reading(cpu, await gatewayReader.ReadAsync("process_cpu_seconds_total"), flushed, remote, local, client);
    }

    /// <summary>Runs the load, waits until its rows are committed (the silos' written-row counters), and reads the figures around it.</summary>
    private async Task<Run> MeasureAsync(Func<Task<long>> load)
    {
        var before = await ReadAsync();
        var clock = Stopwatch.StartNew();
        var rows = await load();
        Reading after;
        while (true)
        {
            after = await ReadAsync();
            if (after.Flushed - before.Flushed >= rows)
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{rows} rows sent, {after.Flushed - before.Flushed} committed after 5 minutes");
            }

            // Each read scrapes every silo's metrics page (~17 ms of its CPU): not too often.
            await Task.Delay(250);
        }

        return new Run(rows, clock.Elapsed.TotalSeconds, [.. after.Cpu.Zip(before.Cpu, (a, b) => a - b)], after.GatewayCpu - before.GatewayCpu,
            after.Remote - before.Remote, after.Local - before.Local, after.Client - before.Client);
    }

    private async Task<long> TrackAsync(Guid tenant, Guid[] ids, int count)
    {
        var batches = count / Batch;
        var prepared = Enumerable.Range(0, batches).Select(i => (Grain: grains.GetGrain<IUserGrain>(ids[i % ids.Length]), Rows: BenchUsers.Activities(Batch, i * Batch))).ToArray();
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (i, _) =>
        {
            var results = await prepared[i].Grain.TrackBatchAsync(prepared[i].Rows, tenant, AckMode.Buffered);
            if (results.Any(r => r.Status != TrackStatus.Accepted))
            {
                throw new InvalidOperationException("an activity was not accepted");
            }
        });
        return (long)batches * Batch;
    }

    private async Task<long> PostAsync(Guid tenant, Guid[] ids, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = restConnections }) { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenFor(tenant));
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long accepted = 0;
        await Parallel.ForAsync(0, restConnections, new ParallelOptions { MaxDegreeOfParallelism = restConnections }, async (worker, _) =>
        {
            for (var i = worker; Stopwatch.GetTimestamp() < deadline; i += restConnections)
            {
                using var response = await http.PostAsJsonAsync("/api/v1/activities", new
                {
                    user_id = ids[i % ids.Length], activity_type = "case_view", resource_type = "case", resource_id = $"case-{i}", ack = "buffered",
                });
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"POST /activities answered {(int)response.StatusCode}");
                }

                Interlocked.Increment(ref accepted);
            }
        });
        return accepted;
    }
}
