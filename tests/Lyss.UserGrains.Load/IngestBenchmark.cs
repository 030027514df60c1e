using System.Diagnostics;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;
using Npgsql;
using NpgsqlTypes;

namespace Lyss.UserGrains.Load;

/// <summary>
/// (a) Ingestion through the grains (Orleans client, TrackBatch, buffered) measured until the
/// rows are committed, beside a raw binary COPY of rows of the same shape into the same table
/// (its real indexes) on one connection, in the same run, alternating twice.
/// </summary>
public sealed class IngestBenchmark(IClusterClient grains, string adminConnectionString, int users, int activities, int batch, int concurrency)
{
    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, users);
        Console.WriteLine($"ingest: {activities} activities over {users} users, TrackBatch of {batch}, {concurrency} callers; raw COPY in batches of 5000");
        await ThroughGrainsAsync(tenant, ids, 5_000);
        var results = new List<(string Name, double RowsPerSecond)>();
        for (var round = 1; round <= 2; round++)
        {
            results.Add(($"raw COPY, round {round}", await RawCopyAsync(tenant, ids)));
            results.Add(($"grains end to end, round {round}", await ThroughGrainsAsync(tenant, ids, activities)));
        }

        Console.WriteLine("| path | rows/s |\n| --- | ---: |");
        foreach (var (name, rate) in results)
        {
            Console.WriteLine($"| {name} | {rate:F0} |");
        }

        var raw = results.Where(r => r.Name.StartsWith("raw", StringComparison.Ordinal)).Max(r => r.RowsPerSecond);
        var best = results.Where(r => r.Name.StartsWith("grains", StringComparison.Ordinal)).Max(r => r.RowsPerSecond);
        Console.WriteLine($"ratio (best grains / best raw COPY): {best / raw:P0}");
    }

    private async Task<double> ThroughGrainsAsync(Guid tenant, Guid[] ids, int count)
    {
        // Rows of this round only: UUIDv7 ids sort by time, so the primary key finds them without
        // counting the whole table (a full count every poll would compete with the ingestion).
        var since = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMilliseconds(-1));
        var started = Stopwatch.StartNew();
        var batches = count / batch;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var results = await grains.GetGrain<IUserGrain>(ids[i % ids.Length]).TrackBatchAsync(BenchUsers.Activities(batch, i * batch), tenant, AckMode.Buffered);
            if (results.Any(r => r.Status != TrackStatus.Accepted))
            {
                throw new InvalidOperationException("an activity was not accepted");
            }
        });
        var expected = (long)batches * batch;
        while (await CountSinceAsync(since) < expected)
        {
            await Task.Delay(20);
        }

        return batches * batch / started.Elapsed.TotalSeconds;
    }

    private async Task<double> RawCopyAsync(Guid tenant, Guid[] ids)
    {
        var rows = BenchUsers.Activities(activities);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var started = Stopwatch.StartNew();
        for (var offset = 0; offset < rows.Count; offset += 5_000)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY user_activities (id, user_id, tenant_id, activity_type, resource_type, resource_id, details, ip_address, user_agent, occurred_at, received_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (a, i) in rows.Skip(offset).Take(5_000).Select((a, i) => (a, i)))
                {
                    var now = DateTime.UtcNow;
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(ids[(offset + i) % ids.Length], NpgsqlDbType.Uuid);
                    await writer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(a.ActivityType, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(a.ResourceType!, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(a.ResourceId!, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(a.Details!, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(System.Net.IPAddress.Parse(a.IpAddress!), NpgsqlDbType.Inet);
                    await writer.WriteAsync(a.UserAgent!, NpgsqlDbType.Varchar);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }

                await writer.CompleteAsync();
            }

            await tx.CommitAsync();
        }

        return rows.Count / started.Elapsed.TotalSeconds;
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
