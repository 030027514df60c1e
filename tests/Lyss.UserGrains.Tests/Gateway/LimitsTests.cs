using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class LimitsTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Anonymous_routes_answer_429_with_retry_after_past_the_limit_per_client_address()
    {
        var (app, http) = await stack.StartGatewayAsync(new() { ["Lyss:Gateway:Limits:AnonymousPerMinute"] = "3" });
        try
        {
            async Task<HttpResponseMessage> LookUpAsync(string address)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invitations/{Guid.NewGuid():N}");
                request.Headers.Add("X-Forwarded-For", address);
                return await http.SendAsync(request);
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync("203.0.113.7")).StatusCode);
            }

            var refused = await LookUpAsync("203.0.113.7");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Contains("rate_limited", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Another address is counted on its own; signed-in routes are not limited by default.
            Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync("203.0.113.8")).StatusCode);
            var api = new ApiClient(http, stack.Token(Guid.NewGuid(), "svc", "user:read"));
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/whoami")).Status);
            }
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ingestion_can_be_limited_per_tenant_and_another_tenant_is_not_held_back()
    {
        var (app, http) = await stack.StartGatewayAsync(new() { ["Lyss:Gateway:Limits:IngestionPerSecondPerTenant"] = "3" });
        try
        {
            async Task<List<HttpStatusCode>> BurstAsync()
            {
                var tenant = Guid.NewGuid();
                var api = new ApiClient(http, stack.Token(tenant, "svc", "tenant:create", "user:*", "activity:*"));
                Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Limited" })).Status);
                var user = (await api.PostAsync("/api/v1/users", new { email = $"l.{Guid.NewGuid():N}@example.com", name = "Limited User", auto_activate = true })).Body.GetProperty("id").GetGuid();
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 8; i++)
                {
                    statuses.Add((await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view" })).Status);
                }

                return statuses;
            }

            var first = await BurstAsync();
            Assert.Contains(HttpStatusCode.TooManyRequests, first);
            Assert.InRange(first.Count(s => s == HttpStatusCode.Accepted), 3, 7);
            Assert.Contains(HttpStatusCode.Accepted, (await BurstAsync()).Take(3));
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_nul_or_an_unpaired_surrogate_in_any_body_is_400_naming_the_field_and_nothing_is_stored()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "svc", "tenant:create", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Text Co" })).Status);
        foreach (var body in new[]
        {
            $$$"""{"email":"t.{{{Guid.NewGuid():N}}}@example.com","name":"Bad\u0000Name"}""",
            $$$"""{"email":"t.{{{Guid.NewGuid():N}}}@example.com","name":"Bad \ud800 Name"}""",
        })
        {
            var (status, problem) = await api.PostAsync("/api/v1/users", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        }

        var (_, list) = await api.GetAsync("/api/v1/users");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var (ok, _) = await api.PostAsync("/api/v1/users", new { email = $"t.{Guid.NewGuid():N}@example.com", name = "Plain Name" });
        Assert.Equal(HttpStatusCode.Created, ok);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_on_routes_without_a_limit_of_their_own()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "svc", "tenant:create"));
        var name = new string('x', 1024 * 1024 + 10);
        var (status, problem) = await api.PostAsync("/api/v1/tenants", $$"""{"id":"{{tenant}}","name":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }
}
