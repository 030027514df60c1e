using System.Diagnostics;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// Where the local PostgreSQL and Redis of <c>scripts/services.sh</c> are: the same variables
/// and defaults as <c>scripts/env.sh</c>, so tests follow whatever the scripts started.
/// </summary>
public static class TestServices
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PgHost => Env("LYSS_PG_HOST", "127.0.0.1");
    public static int PgPort => int.Parse(Env("LYSS_PG_PORT", "55432"), System.Globalization.CultureInfo.InvariantCulture);
    public static string AppUser => Env("LYSS_PG_APP_USER", "lyss_app");
    public static string AppPassword => Env("LYSS_PG_APP_PASSWORD", "lyss_app");
    public static string AdminUser => Env("LYSS_PG_ADMIN_USER", "lyss_admin");
    public static string AdminPassword => Env("LYSS_PG_ADMIN_PASSWORD", "lyss_admin");
    public static string Redis => $"{Env("LYSS_REDIS_HOST", "127.0.0.1")}:{Env("LYSS_REDIS_PORT", "56379")}";

    public static string PostgresConnectionString(string database, bool admin = false) =>
        $"Host={PgHost};Port={PgPort};Database={database};Username={(admin ? AdminUser : AppUser)};Password={(admin ? AdminPassword : AppPassword)};Pooling=true;Maximum Pool Size=50";

    /// <summary>Runs <c>scripts/services.sh</c> with the given arguments and fails the test on a non-zero exit.</summary>
    public static Task RunServicesScriptAsync(params string[] args) => RunServicesScriptAsync(new Dictionary<string, string>(), args);

    /// <summary>As above, with environment overrides (another PostgreSQL port and data folder, say).</summary>
    public static async Task RunServicesScriptAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "scripts", "services.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start services.sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"services.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lyss.UserGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Lyss.UserGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
