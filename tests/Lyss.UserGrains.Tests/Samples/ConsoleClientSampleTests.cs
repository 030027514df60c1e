using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Samples;

/// <summary>samples/ConsoleClient, run as a user of the client package would, against a running cluster.</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class ConsoleClientSampleTests(LiveStackFixture stack)
{
    [Fact]
    public async Task The_console_sample_registers_a_user_and_tracks_an_activity_the_rest_api_then_shows()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var sample = Path.Combine(TestServices.RepoRoot, "samples", "ConsoleClient", "bin", configuration, "net10.0", "Lyss.UserGrains.Samples.ConsoleClient.dll");
        Assert.True(File.Exists(sample), $"{sample} is built with the solution");
        var tenant = Guid.NewGuid();
        var start = new ProcessStartInfo("dotnet",
        [
            sample,
            "--Lyss:Cluster:ClusterId", stack.ClusterId,
            "--Lyss:Cluster:ServiceId", stack.ServiceId,
            "--ConnectionStrings:Redis", TestServices.Redis,
            "--tenant", tenant.ToString(),
            "--Logging:LogLevel:Default", "Warning",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}\n{await errors}");

        var text = await output;
        var registered = Registered().Match(text);
        Assert.True(registered.Success, text);
        Assert.Equal(tenant, Guid.Parse(registered.Groups["tenant"].Value));
        Assert.Matches(@"tracked [0-9a-f-]{36} accepted committed", text);

        // What the client did is what REST then shows: an active user of the tenant with one stored activity.
        var user = Guid.Parse(registered.Groups["user"].Value);
        var api = new ApiClient(stack.Http, stack.Token(tenant, "reader", "user:read", "activity:read"));
        var (status, view) = await api.GetAsync($"/api/v1/users/{user}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("active", view.GetProperty("status").GetString());
        var (_, activities) = await api.GetAsync($"/api/v1/admin/user-activities/user/{user}");
        var stored = Assert.Single(activities.GetProperty("activities").EnumerateArray());
        Assert.Equal("console-sample", stored.GetProperty("resource_id").GetString());
    }

    [GeneratedRegex(@"registered (?<user>[0-9a-f-]{36}) <[^>]+> active in tenant (?<tenant>[0-9a-f-]{36})")]
    private static partial Regex Registered();
}
