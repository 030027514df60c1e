using System.Diagnostics;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;
using Npgsql;
using NpgsqlTypes;

namespace Lyss.UserGrains.Load;

/// <summary>
/// (a) Ingestion through the grains (Orleans client, TrackBatch, buffered) measured until the
/// rows are committed, beside a raw binary COPY of rows of the same shape into the same table
/// (its real indexes) on one and on two connections, in the same run, alternating for some rounds.
/// </summary>
public sealed class IngestBenchmark(IClusterClient grains, string adminConnectionString, Uri siloMetrics, int users, int activities, int batch, int concurrency, int rounds)
{
    private const string FlushedRows = "user_activities_flushed_rows_total";
    private const double MinPollMs = 2;
    private const double MaxPollMs = 200;

    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, users);
        try
        {
            await MeasureAsync(tenant, ids);
        }
        finally
        {
            // Millions of rows a run: the benchmark leaves none behind.
            await DeleteActivitiesAsync(adminConnectionString, tenant);
        }
    }

    /// <summary>Runs scripts/sql/delete-tenant-activities.sql for the benchmark's tenant (the load tool runs from the repository root).</summary>
    public static async Task DeleteActivitiesAsync(string adminConnectionString, Guid tenant)
    {
        var sql = (await File.ReadAllTextAsync(Path.Combine("scripts", "sql", "delete-tenant-activities.sql"))).Replace(":'tenant'", "@tenant", StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("tenant", tenant);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"deleted the activities of benchmark tenant {tenant}");
    }

    private async Task MeasureAsync(Guid tenant, Guid[] ids)
    {
        Console.WriteLine($"ingest: {activities} activities over {users} users, TrackBatch of {batch}, {concurrency} callers; raw COPY in batches of 5000");
        // Warm-up of both paths (JIT tiers, connection pools, grain activations) before any clock runs.
        await ThroughGrainsAsync(tenant, ids, 20_000);
        await RawCopyAsync(tenant, ids, 1, 20_000);
        await RawCopyAsync(tenant, ids, 2, 20_000);
        // Rounds alternate the paths: this machine is shared, and a burst of outside load during one
        // path's turn would otherwise decide the figure. Each round compares the grains with the better
        // of that round's two raw COPYs; the figure is the median of those ratios, beside best against best.
        var rows = new List<(int Round, double Raw1, double Raw2, double Grains)>();
        for (var round = 1; round <= rounds; round++)
        {
            rows.Add((round, await RawCopyAsync(tenant, ids, 1), await RawCopyAsync(tenant, ids, 2), await ThroughGrainsAsync(tenant, ids, activities)));
        }

        Console.WriteLine("| round | raw COPY, 1 connection | raw COPY, 2 connections | grains end to end | grains / better raw |\n| --- | ---: | ---: | ---: | ---: |");
        foreach (var (round, raw1, raw2, through) in rows)
        {
            Console.WriteLine($"| {round} | {raw1:F0} | {raw2:F0} | {through:F0} | {through / Math.Max(raw1, raw2):P0} |");
        }

        var ratios = rows.Select(r => r.Grains / Math.Max(r.Raw1, r.Raw2)).Order().ToList();
        var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        var bestRaw = rows.Max(r => Math.Max(r.Raw1, r.Raw2));
        Console.WriteLine($"ratio by round, median: {median:P0}; best grains / best raw COPY: {rows.Max(r => r.Grains) / bestRaw:P0}");
    }

    private async Task<double> ThroughGrainsAsync(Guid tenant, Guid[] ids, int count)
    {
        // The callers' batches are built before the clock, as the raw COPY's rows are: what is timed is
        // sending them through the grains into PostgreSQL, not making test data.
        var batches = count / batch;
        var expected = (long)batches * batch;
        var prepared = Enumerable.Range(0, batches).Select(i => (Grain: grains.GetGrain<IUserGrain>(ids[i % ids.Length]), Rows: BenchUsers.Activities(batch, i * batch))).ToArray();
        var since = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMilliseconds(-1));
        using var metrics = new SiloMetrics(siloMetrics);
        var committedBefore = await metrics.ReadAsync(FlushedRows);
        var started = Stopwatch.StartNew();
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var results = await prepared[i].Grain.TrackBatchAsync(prepared[i].Rows, tenant, AckMode.Buffered);
            if (results.Any(r => r.Status != TrackStatus.Accepted))
            {
                throw new InvalidOperationException("an activity was not accepted");
            }
        });

        // The clock stops when the silo's writer has committed the rows: its counter moves after each
        // commit returns. Counting the table instead every few milliseconds would cost PostgreSQL a core
        // (fresh rows are not all-visible, so every count reads the heap) and slow the very writes it times.
        // Each read of the counter is a scrape of the silo's whole metrics page, which is not cheap: about
        // 17 ms of the silo's CPU each (200 scrapes timed). Read every 10 ms, as before, the scrapes kept the
        // silo at 35-56 % and this tool at 7-33 % of a core while the writer drained the last seconds of a
        // round, CPU that PostgreSQL would otherwise have had. So the next read is due when about half of the
        // remaining rows should be in at the rate so far (2 to 200 ms): the end is still seen within
        // milliseconds, with tens of reads instead of hundreds.
        // The table is still counted once a second, for a cluster whose other silos took some of the rows.
        var lastCount = Stopwatch.StartNew();
        for (var committed = await metrics.ReadAsync(FlushedRows) - committedBefore; committed < expected; committed = await metrics.ReadAsync(FlushedRows) - committedBefore)
        {
            if (lastCount.Elapsed >= TimeSpan.FromSeconds(1))
            {
                if (await CountSinceAsync(since) >= expected)
                {
                    break;
                }

                lastCount.Restart();
            }

            var rate = committed / started.Elapsed.TotalSeconds;
            var untilHalfway = rate > 0 ? (expected - committed) / rate / 2 * 1000 : MaxPollMs;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(untilHalfway, MinPollMs, MaxPollMs)));
        }

        var elapsed = started.Elapsed;
        var stored = await CountSinceAsync(since);
        if (stored != expected)
        {
            throw new InvalidOperationException($"the writer reported {expected} rows committed, the table holds {stored}");
        }

        return expected / elapsed.TotalSeconds;
    }

    /// <summary>
    /// PostgreSQL's own speed: the same rows, every value prepared before the clock starts, then
    /// binary COPY with synchronous writes (no per-field async overhead) in transactions of 5,000,
    /// on one connection as the silo's writer does, and on two in parallel.
    /// </summary>
    private async Task<double> RawCopyAsync(Guid tenant, Guid[] ids, int connections, int? count = null)
    {
        var rows = BenchUsers.Activities(count ?? activities);
        var now = DateTime.UtcNow;
        var prepared = rows.Select((a, i) => (
            Id: Guid.CreateVersion7(), User: ids[i % ids.Length], Activity: a,
            Ip: System.Net.IPAddress.Parse(a.IpAddress!), At: now.AddTicks(i))).ToArray();
        var started = Stopwatch.StartNew();
        var share = (prepared.Length + connections - 1) / connections;
        await Parallel.ForAsync(0, connections, async (c, _) =>
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            var end = Math.Min((c + 1) * share, prepared.Length);
            for (var offset = c * share; offset < end; offset += 5_000)
            {
                await using var tx = await connection.BeginTransactionAsync();
                using (var writer = connection.BeginBinaryImport(
                    "COPY user_activities (id, user_id, tenant_id, activity_type, resource_type, resource_id, details, ip_address, user_agent, occurred_at, received_at) FROM STDIN (FORMAT BINARY)"))
                {
                    for (var i = offset; i < Math.Min(offset + 5_000, end); i++)
                    {
                        var (id, user, a, ip, at) = prepared[i];
                        writer.StartRow();
                        writer.Write(id, NpgsqlDbType.Uuid);
                        writer.Write(user, NpgsqlDbType.Uuid);
                        writer.Write(tenant, NpgsqlDbType.Uuid);
                        writer.Write(a.ActivityType, NpgsqlDbType.Varchar);
                        writer.Write(a.ResourceType!, NpgsqlDbType.Varchar);
                        writer.Write(a.ResourceId!, NpgsqlDbType.Varchar);
                        writer.Write(a.Details!, NpgsqlDbType.Jsonb);
                        writer.Write(ip, NpgsqlDbType.Inet);
                        writer.Write(a.UserAgent!, NpgsqlDbType.Varchar);
                        writer.Write(at, NpgsqlDbType.TimestampTz);
                        writer.Write(at, NpgsqlDbType.TimestampTz);
                    }

                    writer.Complete();
                }

                await tx.CommitAsync();
            }
        });

        return prepared.Length / started.Elapsed.TotalSeconds;
    }

    private async Task<long> CountSinceAsync(Guid since)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM user_activities WHERE id >= @since", connection);
        command.Parameters.AddWithValue("since", since);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
