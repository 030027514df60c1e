using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Lyss.UserGrains.Tests.Silo;

[Trait("Needs", "Services")]
[Trait("Speed", "Slow")]
public sealed class RedisClusteringTests
{
    [Fact]
    public async Task Two_silos_join_through_redis_and_an_external_client_connects_through_redis_membership()
    {
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        var serviceId = "lyss-test-" + Guid.NewGuid().ToString("N")[..12];
        var postgres = await TestDatabase.ConnectionStringAsync();
        await using var first = await SiloProcess.StartAsync(clusterId, serviceId, postgres);
        await using var second = await SiloProcess.StartAsync(clusterId, serviceId, postgres);

        var membership = first.App.Services.GetRequiredService<IClusterMembershipService>();
        await Eventually.MatchAsync(
            () => Task.FromResult(membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active)),
            active => active == 2,
            TimeSpan.FromSeconds(60),
            "two active silos in the first silo's membership view");

        var (host, user) = await ReadmeClientExample.RunAsync(TestServices.Redis, clusterId, serviceId, Guid.NewGuid());
        using (host)
        {
            Assert.Null(user);
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            Assert.Contains(hosts.Keys, s => s.Endpoint.Port == first.SiloPort);
            Assert.Contains(hosts.Keys, s => s.Endpoint.Port == second.SiloPort);
            await host.StopAsync();
        }
    }

    [Fact]
    public void The_readme_client_snippet_is_the_code_this_suite_runs()
    {
        var readme = File.ReadAllText(Path.Combine(TestServices.RepoRoot, "README.md"));
        var source = File.ReadAllText(Path.Combine(TestServices.RepoRoot, "tests", "Lyss.UserGrains.Tests", "Silo", "ReadmeClientExample.cs"));
        var begin = source.IndexOf("// README:client:begin", StringComparison.Ordinal);
        var end = source.IndexOf("// README:client:end", StringComparison.Ordinal);
        var lines = source[begin..end].Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0);
        foreach (var line in lines)
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }
    }
}
