using Lyss.UserGrains.Load;

// Run through scripts/bench.sh, which starts the cluster and passes these options.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Lyss.UserGrains.Load users-list|ingest|summary-latency|memory|insights|week|scim-provision|scale-out [options] (see scripts/bench.sh)");
    return 2;
}

string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
}

int IntArg(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

var tokenCommand = Arg("--tenant-token-cmd", "");
Func<Guid, string> tokenFor = tenant => Shell.LastLine(tokenCommand.Replace("{tenant}", tenant.ToString(), StringComparison.Ordinal));
var gateway = new Uri(Arg("--gateway", "http://127.0.0.1:5080"));

async Task<ClusterConnection> Connect() =>
    await ClusterConnection.ConnectAsync(Arg("--redis", "127.0.0.1:56379"), Arg("--cluster-id", "lyss-dev"), Arg("--service-id", "lyss-user-grains"));

switch (args[0])
{
    case "users-list":
        await new UserListBenchmark(gateway, Arg("--token"), Arg("--admin-pg"), IntArg("--users", 100_000), IntArg("--requests", 2000))
        {
            TenantToken = tokenCommand.Length == 0 ? null : tokenFor,
        }.RunAsync();
        return 0;
    case "ingest":
        await using (var cluster = await Connect())
        {
            await new IngestBenchmark(cluster.Client, Arg("--admin-pg"), new Uri(Arg("--silo-metrics", "http://127.0.0.1:8080/metrics")), IntArg("--users", 200), IntArg("--activities", 200_000), IntArg("--batch", 500), IntArg("--concurrency", 8), IntArg("--rounds", 3)).RunAsync();
        }

        return 0;
    case "summary-latency":
        await using (var cluster = await Connect())
        {
            await new SummaryLatencyBenchmark(cluster.Client, gateway, tokenFor, IntArg("--rate", 1000), TimeSpan.FromSeconds(IntArg("--seconds", 10))).RunAsync();
        }

        return 0;
    case "insights":
        await using (var cluster = await Connect())
        {
            await new InsightsBenchmark(cluster.Client, Arg("--admin-pg"), IntArg("--users", 1000), IntArg("--days", 90), IntArg("--requests", 300), IntArg("--raw-requests", 30)).RunAsync();
        }

        return 0;
    case "week":
        await using (var cluster = await Connect())
        {
            await new WeekOfActivity(cluster.Client, IntArg("--users", 50), IntArg("--per-day", 40)).RunAsync();
        }

        return 0;
    case "memory":
        await using (var cluster = await Connect())
        {
            await new MemoryBenchmark(cluster.Client, new Uri(Arg("--silo-metrics", "http://127.0.0.1:8080/metrics")), IntArg("--users", 100_000)).RunAsync();
        }

        return 0;
    case "scim-provision":
        await new ScimProvisionBenchmark(gateway, Arg("--token"), Arg("--admin-pg"), new Uri(Arg("--silo-metrics", "http://127.0.0.1:8080/metrics")),
            IntArg("--single", 1000), IntArg("--users", 10_000), IntArg("--callers", 16)).RunAsync();
        return 0;
    case "scale-out":
        await using (var cluster = await Connect())
        {
            await new ScaleOutBenchmark(cluster.Client, gateway, tokenFor,
                [.. Arg("--silo-metrics-list").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u))],
                new Uri(gateway, "/metrics"), [.. Arg("--silo-pids", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)], Arg("--admin-pg"), IntArg("--activities", 200_000), TimeSpan.FromSeconds(IntArg("--seconds", 15)), IntArg("--connections", 32),
                IntArg("--paced-rows", 20_000), IntArg("--paced-requests", 2_000)).RunAsync();
        }

        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
        return 2;
}
