using System.Globalization;
using System.Net;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.CoHost;
using Microsoft.Extensions.DependencyInjection;
using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Lyss.UserGrains.Tests.CoHost;

[Trait("Needs", "Services")]
[Trait("Speed", "Slow")]
public sealed class CoHostTests
{
    [Fact]
    public async Task The_co_hosted_gateway_serves_the_api_through_the_silo_in_its_own_process()
    {
        var auth = new LyssAuthOptions { Issuer = "lyss-cohost-test", Audience = "lyss-cohost-test", SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)) };
        var postgres = await TestDatabase.ConnectionStringAsync();
        var clusterId = "cohost-" + Guid.NewGuid().ToString("N")[..12];
        await using var host = CoHostApp.Build([], silo => silo.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lyss:Host:SiloUrls"] = "http://127.0.0.1:0",
            ["Lyss:Silo:ClusterId"] = clusterId,
            ["Lyss:Silo:ServiceId"] = clusterId,
            ["Lyss:Silo:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Lyss:Silo:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Lyss:Silo:ShutdownTimeout"] = "00:00:10",
            ["ConnectionStrings:Postgres"] = postgres,
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["Logging:LogLevel:Default"] = "Warning",
        }), gateway => gateway.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lyss:Host:GatewayUrls"] = "http://127.0.0.1:0",
            ["Lyss:Auth:Issuer"] = auth.Issuer,
            ["Lyss:Auth:Audience"] = auth.Audience,
            ["Lyss:Auth:SigningKey"] = auth.SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await host.StartAsync();
        try
        {
            // No Orleans client of its own: the gateway holds the very client of its silo.
            Assert.Same(host.Silo.Services.GetRequiredService<IClusterClient>(), host.Gateway.Services.GetRequiredService<IClusterClient>());
            using var http = new HttpClient { BaseAddress = new Uri(host.Gateway.Urls.First()) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

            var tenant = Guid.NewGuid();
            var token = new TokenIssuer(auth, TimeProvider.System).Issue("cohost-test", tenant, ["tenant:create", "user:create", "activity:*"], TimeSpan.FromMinutes(5));
            var api = new ApiClient(http, token);
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Co-hosted", auto_activate_users = true })).Status);
            var user = (await api.PostAsync("/api/v1/users", new { email = $"cohost.{Guid.NewGuid():N}@example.com", name = "Co Host" })).Body.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", ack = "durable" })).Status);
            var (status, summary) = await api.GetAsync($"/api/v1/users/{user}/activity-summary?days=1");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(1, summary.GetProperty("basic_stats").GetProperty("total_activities").GetInt32());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
