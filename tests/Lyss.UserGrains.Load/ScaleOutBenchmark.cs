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
    IClusterClient grains, Uri gateway, Func<Guid, string> tokenFor, IReadOnlyList<Uri> siloMetrics, Uri gatewayMetrics, IReadOnlyList<int> siloPids,
    string adminConnectionString, int activities, TimeSpan restDuration, int restConnections, int pacedRows, int pacedRequests)
{
    private const int Users = 400;
    private const int Batch = 500;
    private const int Callers = 8;
    private const int RestBatch = 100;
    private const string DispatcherReceived = "microsoft_orleans_orleans_messaging_processing_dispatcher_received";

    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, Users);
        try
        {
            Console.WriteLine($"scale-out: {siloMetrics.Count} silo(s); {activities} activities via TrackBatch of {Batch} ({Callers} callers), then {restDuration.TotalSeconds:F0} s of single POST /activities on {restConnections} connections; {Users} users");
            // Warm-up of both paths (activations, JIT tiers, connection pools) before any figure is read.
            await TrackAsync(tenant, ids, 20_000);
            await PostAsync(tenant, ids, TimeSpan.FromSeconds(3));
            // What the processes burn with no load (membership, timers, samplers, pollers) is charged to no row:
            // measured for a while first and taken off, so the figure is the cost of a row, not of a silo's existence.
            // The warm-up leaves work behind (JIT tiering, collections, the writer's last batches): settled first.
            await Task.Delay(TimeSpan.FromSeconds(20));
            var idle = await IdleAsync(TimeSpan.FromSeconds(10));
            var grainsRun = await MeasureAsync(() => TrackAsync(tenant, ids, activities));
            var restRun = await MeasureAsync(() => PostAsync(tenant, ids, restDuration));
            // The same work at a fixed rate the machine has room for: saturated, 2 cores shared by more
            // processes spend more per row on switching and lose batching, which says nothing of silos.
            var restBatch = await MeasureAsync(() => PostBatchesAsync(tenant, ids, restDuration));
            var grainsPaced = await MeasureAsync(() => TrackPacedAsync(tenant, ids, pacedRows, restDuration));
            var restPaced = await MeasureAsync(() => PostPacedAsync(tenant, ids, pacedRequests, restDuration));
            Console.WriteLine($"idle CPU (share of a core): silos {string.Join(" / ", idle.Silos.Select(c => c.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}, gateway {idle.Gateway:P1}");
            Console.WriteLine("| path | silos | rows | rows/s | silo CPU µs/row, all silos (less idle) | per silo µs/row (less idle) | gateway CPU µs/row (less idle) | calls from another silo | from the same silo | from clients | silo context switches per 1,000 rows | requests received by silos per grain call | PostgreSQL CPU µs/row |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Print("grains (TrackBatch), as fast as it goes", grainsRun, idle);
            Print($"grains (TrackBatch), {pacedRows:N0} rows/s", grainsPaced, idle);
            Print($"REST (POST /activities), {restConnections} connections", restRun, idle);
            Print($"REST (POST /activities), {pacedRequests:N0} req/s", restPaced, idle);
            Print($"REST (POST /activities/batch of {RestBatch}), {restConnections} connections", restBatch, idle);
        }
        finally
        {
            await IngestBenchmark.DeleteActivitiesAsync(adminConnectionString, tenant);
        }
    }

    private void Print(string path, Run run, Idle idle)
    {
        string PerRow(double cpu, double idleShare) => $"{cpu / run.Rows * 1e6:F1} ({(cpu - idleShare * run.Seconds) / run.Rows * 1e6:F1})";
        var perSilo = string.Join(" / ", run.SiloCpu.Select((c, i) => PerRow(c, idle.Silos[i])));
        var calls = run.Remote + run.Local + run.Client;
        Console.WriteLine($"| {path} | {siloMetrics.Count} | {run.Rows:N0} | {run.Rows / run.Seconds:N0} | {PerRow(run.SiloCpu.Sum(), idle.Silos.Sum())} | {perSilo} | " +
            $"{PerRow(run.GatewayCpu, idle.Gateway)} | {run.Remote / calls:P1} ({run.Remote:N0}) | {run.Local / calls:P1} | {run.Client / calls:P1} | {run.Switches * 1000.0 / run.Rows:N0} | {run.Received / calls:F2} | {run.PostgresCpu / run.Rows * 1e6:F1} |");
    }

    private sealed record Idle(double[] Silos, double Gateway);

    private async Task<Idle> IdleAsync(TimeSpan duration)
    {
        var before = await ReadAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var after = await ReadAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        return new Idle([.. after.Cpu.Zip(before.Cpu, (a, b) => (a - b) / seconds)], (after.GatewayCpu - before.GatewayCpu) / seconds);
    }

    private sealed record Run(long Rows, double Seconds, double[] SiloCpu, double GatewayCpu, double Remote, double Local, double Client, long Switches, double Received, double PostgresCpu);

    private sealed record Reading(double[] Cpu, double GatewayCpu, double Flushed, double Remote, double Local, double Client, long Switches, double Received, double PostgresCpu);

    /// <summary>CPU seconds of every PostgreSQL process on this machine and of its exited backends (from /proc; the benchmark's database is local).</summary>
    private static double PostgresCpu()
    {
        long ticks = 0;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (!stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the command: state is field 3; utime, stime, cutime, cstime are 14-17. A backend
                // that exits hands its CPU to the postmaster's cutime/cstime, so the sum never drops.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // A backend that ended meanwhile.
            }
        }

        return ticks / 100.0;
    }

    /// <summary>Voluntary and involuntary context switches of every thread of the silo processes (what sharing 2 cores among more processes costs).</summary>
    private long ContextSwitches() => siloPids.Sum(pid =>
    {
        long switches = 0;
        foreach (var task in Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [])
        {
            try
            {
                switches += File.ReadLines(Path.Combine(task, "status"))
                    .Where(l => l.StartsWith("voluntary_ctxt_switches", StringComparison.Ordinal) || l.StartsWith("nonvoluntary_ctxt_switches", StringComparison.Ordinal))
                    .Sum(l => long.Parse(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // A thread that ended between the listing and the read.
            }
        }

        return switches;
    });

    private async Task<Reading> ReadAsync()
    {
        var cpu = new double[siloMetrics.Count];
        double flushed = 0, remote = 0, local = 0, client = 0, received = 0;
        for (var i = 0; i < siloMetrics.Count; i++)
        {
            using var metrics = new SiloMetrics(siloMetrics[i]);
            cpu[i] = await metrics.ReadAsync("process_cpu_seconds_total");
            flushed += await metrics.ReadAsync("user_activities_flushed_rows_total");
            remote += await metrics.ReadAsync("grain_calls_total", "origin=\"remote\"");
            local += await metrics.ReadAsync("grain_calls_total", "origin=\"local\"");
            client += await metrics.ReadAsync("grain_calls_total", "origin=\"client\"");
            // Requests the silo's dispatcher took in: a client's call that entered through another silo's gateway counts at both.
            received += await metrics.ReadAsync(DispatcherReceived, "context=\"None\",direction=\"Request\"")
                + await metrics.ReadAsync(DispatcherReceived, "context=\"Grain\",direction=\"Request\"");
        }

        using var gatewayReader = new SiloMetrics(gatewayMetrics);
        return new Reading(cpu, await gatewayReader.ReadAsync("process_cpu_seconds_total"), flushed, remote, local, client, ContextSwitches(), received, PostgresCpu());
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
            after.Remote - before.Remote, after.Local - before.Local, after.Client - before.Client, after.Switches - before.Switches, after.Received - before.Received, after.PostgresCpu - before.PostgresCpu);
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

    private async Task<long> TrackPacedAsync(Guid tenant, Guid[] ids, int rowsPerSecond, TimeSpan duration)
    {
        var batches = Math.Max(1, rowsPerSecond / Batch);
        await PacedLoad.RunAsync("track", batches, duration, async i =>
        {
            var results = await grains.GetGrain<IUserGrain>(ids[i % ids.Length]).TrackBatchAsync(BenchUsers.Activities(Batch, i * Batch), tenant, AckMode.Buffered);
            if (results.Any(r => r.Status != TrackStatus.Accepted))
            {
                throw new InvalidOperationException("an activity was not accepted");
            }
        });
        return (long)(batches * duration.TotalSeconds) * Batch;
    }

    private async Task<long> PostPacedAsync(Guid tenant, Guid[] ids, int requestsPerSecond, TimeSpan duration)
    {
        using var http = Client(tenant);
        await PacedLoad.RunAsync("post", requestsPerSecond, duration, i => PostOneAsync(http, ids, i));
        return (long)(requestsPerSecond * duration.TotalSeconds);
    }

    /// <summary>Single activities on <c>restConnections</c> connections, as fast as they go.</summary>
    private async Task<long> PostAsync(Guid tenant, Guid[] ids, TimeSpan duration)
    {
        using var http = Client(tenant);
        return await ClosedLoopAsync(duration, async i =>
        {
            await PostOneAsync(http, ids, i);
            return 1;
        });
    }

    /// <summary>Batches of <see cref="RestBatch"/> (what tracking SDKs send) on the same connections, as fast as they go.</summary>
    private async Task<long> PostBatchesAsync(Guid tenant, Guid[] ids, TimeSpan duration)
    {
        using var http = Client(tenant);
        return await ClosedLoopAsync(duration, async i =>
        {
            var activities = Enumerable.Range(0, RestBatch).Select(j => new
            {
                user_id = ids[(i * RestBatch + j) % ids.Length], activity_type = "case_view", resource_type = "case", resource_id = $"case-{i}-{j}",
            }).ToArray();
            using var response = await http.PostAsJsonAsync("/api/v1/activities/batch", new { activities, ack = "buffered" });
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /activities/batch answered {(int)response.StatusCode}");
            }

            return RestBatch;
        });
    }

    private HttpClient Client(Guid tenant)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = restConnections }) { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenFor(tenant));
        return http;
    }

    private static async Task PostOneAsync(HttpClient http, Guid[] ids, int i)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/activities", new
        {
            user_id = ids[i % ids.Length], activity_type = "case_view", resource_type = "case", resource_id = $"case-{i}", ack = "buffered",
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /activities answered {(int)response.StatusCode}");
        }
    }

    /// <summary>One sender per connection until the time is up; each send returns the rows it carried.</summary>
    private async Task<long> ClosedLoopAsync(TimeSpan duration, Func<int, Task<int>> send)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long rows = 0;
        await Parallel.ForAsync(0, restConnections, new ParallelOptions { MaxDegreeOfParallelism = restConnections }, async (worker, _) =>
        {
            for (var i = worker; Stopwatch.GetTimestamp() < deadline; i += restConnections)
            {
                Interlocked.Add(ref rows, await send(i));
            }
        });
        return rows;
    }
}
