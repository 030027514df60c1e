using System.Diagnostics;
using Npgsql;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// One database per test run, migrated by <c>scripts/services.sh migrate</c> exactly as
/// <c>./run.sh</c> migrates its own. Its name carries the process id so that a later run can
/// drop what an interrupted one left behind without touching a run still in progress.
/// </summary>
public static class TestDatabase
{
    private const string Prefix = "lyss_test_";
    private static readonly Lazy<Task<string>> Database = new(CreateAsync);

    public static Task<string> NameAsync() => Database.Value;

    public static async Task<string> ConnectionStringAsync() => TestServices.PostgresConnectionString(await NameAsync());

    public static async Task<string> AdminConnectionStringAsync() => TestServices.PostgresConnectionString(await NameAsync(), admin: true);

    private static async Task<string> CreateAsync()
    {
        await DropAbandonedAsync();
        var name = $"{Prefix}{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
        await TestServices.RunServicesScriptAsync("migrate", "--db", name);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDrop(name);
        return name;
    }

    private static async Task DropAbandonedAsync()
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString("postgres", admin: true));
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{Prefix}%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names.Where(n => !OwnerAlive(n)))
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static bool OwnerAlive(string name)
    {
        var parts = name[Prefix.Length..].Split('_');
        if (!int.TryParse(parts[0], out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDrop(string name)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString("postgres", admin: true));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // Best effort: the next run drops it as abandoned.
        }
    }
}
