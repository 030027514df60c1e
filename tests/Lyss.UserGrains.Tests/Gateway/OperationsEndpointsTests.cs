using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class OperationsEndpointsTests(LiveStackFixture stack)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Gateway_health_answers_without_a_token(string path)
    {
        using var response = await stack.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Silo_readiness_reports_membership_postgres_and_redis_as_entries()
    {
        using var http = new HttpClient { BaseAddress = stack.Silo.BaseAddress };
        using var response = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = json.RootElement.GetProperty("entries");
        Assert.Equal("healthy", entries.GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("healthy", entries.GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("healthy", entries.GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Silo_serves_the_orleans_dashboard_and_prometheus_metrics()
    {
        using var http = new HttpClient { BaseAddress = stack.Silo.BaseAddress };
        using var dashboard = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("text/html", dashboard.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_serves_metrics_and_an_openapi_document_naming_its_routes()
    {
        var metrics = await stack.Http.GetStringAsync("/metrics");
        Assert.Contains("http_request", metrics, StringComparison.Ordinal);

        using var openApi = JsonDocument.Parse(await stack.Http.GetStringAsync("/openapi/v1.json"));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/api/v1/users/{id}", out _));

        using var page = await stack.Http.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Silo_metrics_carry_the_seed_user_metrics()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "ops", "tenant:create", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Metrics" })).Status);
        var (created, user) = await api.PostAsync("/api/v1/users", new { email = $"m.{Guid.NewGuid():N}@example.com", name = "Metered", auto_activate = true });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{user.GetProperty("id").GetGuid()}/lock", new { until = DateTimeOffset.UtcNow.AddHours(1) })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{user.GetProperty("id").GetGuid()}/unlock")).Status);

        using var http = new HttpClient { BaseAddress = stack.Silo.BaseAddress };
        var metrics = await Eventually.MatchAsync(
            () => http.GetStringAsync("/metrics"),
            text => text.Contains($"active_users{{period=\"all\",tenant_id=\"{tenant}\"}} 1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "active_users of the new tenant");
        Assert.Contains("user_registrations_total", metrics, StringComparison.Ordinal);
        Assert.Contains("user_lifecycle_events_total", metrics, StringComparison.Ordinal);
        Assert.Contains("user_operations_total", metrics, StringComparison.Ordinal);
        Assert.Contains($"tenant_id=\"{tenant}\"", metrics, StringComparison.Ordinal);
    }
}
