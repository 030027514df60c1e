using Lyss.UserGrains.Load;

// Usage (scripts/bench.sh sets these up against ./run.sh):
//   users-list --gateway URL --token T --tenant-token-cmd "./run.sh token ..." --admin-pg CS [--users 100000] [--requests 2000]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Lyss.UserGrains.Load users-list --gateway URL --token TOKEN --admin-pg CONNECTION [--users N] [--requests N]");
    return 2;
}

string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
}

switch (args[0])
{
    case "users-list":
        var tokenCommand = Arg("--tenant-token-cmd", "");
        await new UserListBenchmark(
            new Uri(Arg("--gateway", "http://127.0.0.1:5080")),
            Arg("--token"),
            Arg("--admin-pg"),
            int.Parse(Arg("--users", "100000"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Arg("--requests", "2000"), System.Globalization.CultureInfo.InvariantCulture))
        {
            TenantToken = tokenCommand.Length == 0 ? null : tenant => Shell.LastLine(tokenCommand.Replace("{tenant}", tenant.ToString(), StringComparison.Ordinal)),
        }.RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
        return 2;
}
