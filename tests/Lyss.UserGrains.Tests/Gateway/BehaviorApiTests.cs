using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class BehaviorApiTests(LiveStackFixture stack)
{
    private async Task<(ApiClient Api, Guid Tenant, Guid User)> TenantWithActivityAsync()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "analyst", "tenant:create", "tenant:manage", "user:*", "activity:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Behaviour Co", auto_activate_users = true })).Status);
        var user = (await api.PostAsync("/api/v1/users", new { email = $"bh.{Guid.NewGuid():N}@example.com", name = "Behaving" })).Body.GetProperty("id").GetGuid();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var items = new object[]
        {
            new { user_id = user, activity_type = "chat_message", resource_id = "c1", occurred_at = start, details = new { topic = "tax, \"quoted\"" } },
            new { user_id = user, activity_type = "model_usage", resource_id = "gpt-4o", occurred_at = start.AddMinutes(5), details = new { model = "gpt-4o", tokens = 100, cost = 0.01 } },
            new { user_id = user, activity_type = "feature_usage", resource_id = "export", occurred_at = start.AddMinutes(6) },
        };
        var (status, body) = await api.PostAsync("/api/v1/activities/batch", new { activities = items, ack = "durable" });
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.MultiStatus, body.ToString());
        return (api, tenant, user);
    }

    [Fact]
    public async Task Behavior_insights_and_recommendations_answer_in_snake_case_and_refuse_bad_input_by_field()
    {
        var (api, _, user) = await TenantWithActivityAsync();

        var (status, behavior) = await api.GetAsync($"/api/v1/users/{user}/behavior?period=weekly");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("weekly", behavior.GetProperty("period").GetString());
        Assert.Equal(3, behavior.GetProperty("activity_stats").GetProperty("total_activities").GetInt32());
        Assert.Equal(1, behavior.GetProperty("activity_stats").GetProperty("total_sessions").GetInt32());
        Assert.Equal("gpt-4o", behavior.GetProperty("model_usage").GetProperty("favorite_model").GetString());
        Assert.Equal("export", behavior.GetProperty("feature_preferences")[0].GetProperty("name").GetString());
        Assert.True(behavior.GetProperty("engagement_score").GetProperty("score").GetDecimal() > 0);

        var (_, insights) = await api.GetAsync($"/api/v1/users/{user}/insights");
        Assert.Equal(5, insights.GetProperty("trends").GetArrayLength());
        Assert.NotEmpty(insights.GetProperty("improvement_suggestions").EnumerateArray());

        var (_, settings) = await api.GetAsync($"/api/v1/users/{user}/recommendations?type=settings");
        Assert.Equal("settings", settings.GetProperty("type").GetString());
        Assert.Contains(settings.GetProperty("items").EnumerateArray(), i => i.GetProperty("item").GetString() == "model.default_model");

        var (badStatus, problem) = await api.GetAsync($"/api/v1/users/{user}/behavior?period=yearly");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/users/{user}/recommendations?type=colours")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/users/{Guid.NewGuid()}/insights")).Status);

        // Another tenant holding every permission these routes ask for still sees no such user.
        var stranger = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-analyst", "user:*", "activity:*", "admin:read"));
        foreach (var path in new[] { "behavior", "behavior?period=weekly", "insights", "recommendations", "recommendations?type=settings", "alerts" })
        {
            var (strangerStatus, _) = await stranger.GetAsync($"/api/v1/users/{user}/{path}");
            Assert.True(strangerStatus == HttpStatusCode.NotFound, $"{path} answered {strangerStatus}");
        }
    }

    [Fact]
    public async Task A_model_usage_sent_as_the_original_sdk_sends_it_counts_its_tokens_in_summary_and_behaviour()
    {
        var (api, _, user) = await TenantWithActivityAsync();
        var (status, body) = await api.PostAsync("/api/v1/activities", new
        {
            user_id = user,
            activity_type = "model_usage",
            resource_id = "gpt-4",
            details = new { model = "gpt-4", tokens_used = 1500, cost = 0.03, provider = "openai", response_time = 1.2 },
            ack = "durable",
        });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        // The seed's chat message names its model and answer time; its tokens are the model call's, not counted again.
        var (chatStatus, chat) = await api.PostAsync("/api/v1/activities", new
        {
            user_id = user,
            activity_type = "chat_message",
            session_id = "seed-session",
            details = new { session_id = "seed-session", model = "gpt-4", tokens_used = 50, response_time = 0.8 },
            ack = "durable",
        });
        Assert.True(chatStatus == HttpStatusCode.Created, chat.ToString());
        var (badStatus, bad) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "chat_message", details = new { response_time = "slow" } });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(bad.GetProperty("errors").TryGetProperty("details.response_time", out _), bad.ToString());

        // 100 tokens came with the fixture's own model call.
        var (_, summary) = await api.GetAsync($"/api/v1/users/{user}/activity-summary");
        Assert.Equal(1600, summary.GetProperty("model_usage").GetProperty("tokens").GetInt64());
        var (_, behavior) = await api.GetAsync($"/api/v1/users/{user}/behavior?period=weekly");
        var gpt4 = Assert.Single(behavior.GetProperty("model_usage").GetProperty("models").EnumerateArray(), m => m.GetProperty("model").GetString() == "gpt-4");
        Assert.Equal(1500, gpt4.GetProperty("total_tokens").GetInt64());
        Assert.Equal(("openai", 1.0, 2), (gpt4.GetProperty("provider").GetString(), gpt4.GetProperty("avg_response_time").GetDouble(), gpt4.GetProperty("responses_timed").GetInt32()));
        Assert.Equal(1, gpt4.GetProperty("usage_count").GetInt32());
    }

    [Fact]
    public async Task The_activity_summary_covers_a_year_and_buckets_in_the_time_zone_asked()
    {
        var (api, _, user) = await TenantWithActivityAsync();
        var occurred = DateTimeOffset.UtcNow.AddHours(-2);

        var (yearStatus, year) = await api.GetAsync($"/api/v1/users/{user}/activity-summary?days=365");
        Assert.True(yearStatus == HttpStatusCode.OK, year.ToString());
        Assert.Equal((365, 3), (year.GetProperty("days").GetInt32(), year.GetProperty("basic_stats").GetProperty("total_activities").GetInt32()));

        var (status, local) = await api.GetAsync($"/api/v1/users/{user}/activity-summary?days=7&tz=Asia/Shanghai");
        Assert.True(status == HttpStatusCode.OK, local.ToString());
        // The fixture's three activities fell within minutes of one hour; in Shanghai that is 8 hours later on the clock.
        var busiest = local.GetProperty("hourly_pattern").EnumerateObject().MaxBy(h => h.Value.GetInt32())!;
        Assert.Contains(busiest.Name, new[] { occurred.ToOffset(TimeSpan.FromHours(8)).Hour, occurred.AddMinutes(6).ToOffset(TimeSpan.FromHours(8)).Hour }.Select(h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
        var shanghaiDay = occurred.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(local.GetProperty("daily_distribution").TryGetProperty(shanghaiDay, out _), local.GetProperty("daily_distribution").ToString());

        var (badZone, problem) = await api.GetAsync($"/api/v1/users/{user}/activity-summary?tz=Mars/Olympus");
        Assert.Equal(HttpStatusCode.BadRequest, badZone);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tz", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/users/{user}/activity-summary?days=366")).Status);

        // Behaviour buckets its hours in the zone asked, and the tenant's DAU counts today in it.
        foreach (var (zone, offset) in new[] { ("Asia/Shanghai", 8), ("UTC", 0) })
        {
            var (behaviorStatus, behavior) = await api.GetAsync($"/api/v1/users/{user}/behavior?period=weekly&tz={zone}");
            Assert.True(behaviorStatus == HttpStatusCode.OK, behavior.ToString());
            var hours = behavior.GetProperty("active_hours");
            Assert.Equal(zone, hours.GetProperty("time_zone").GetString());
            Assert.True(hours.GetProperty("hourly")[occurred.ToOffset(TimeSpan.FromHours(offset)).Hour].GetInt64() > 0, hours.ToString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/users/{user}/behavior?tz=Mars/Olympus")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/admin/analytics/active-users?tz=Asia/Shanghai")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/admin/analytics/active-users?tz=China%20Standard%20Time")).Status);
    }

    [Fact]
    public async Task A_login_from_a_new_device_is_listed_in_the_users_and_the_tenants_alerts_and_nowhere_else()
    {
        var (api, tenant, user) = await TenantWithActivityAsync();
        var self = new ApiClient(stack.Http, stack.Token(tenant, user.ToString()));
        foreach (var ip in new[] { "198.51.100.10", "203.0.113.99" })
        {
            var (status, body) = await self.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login", ip_address = ip, user_agent = "Test/1.0", ack = "durable" });
            Assert.True(status == HttpStatusCode.Created, body.ToString());
        }

        var (_, alerts) = await Eventually.MatchAsync(
            () => self.GetAsync($"/api/v1/users/{user}/alerts"),
            r => r.Body.GetProperty("total").GetInt32() > 0, TimeSpan.FromSeconds(10), "the new-device alert");
        var alert = Assert.Single(alerts.GetProperty("alerts").EnumerateArray());
        Assert.Equal("new_device", alert.GetProperty("type").GetString());
        Assert.Equal(user, alert.GetProperty("user_id").GetGuid());
        Assert.Equal("203.0.113.99", alert.GetProperty("evidence").GetProperty("ip_address").GetString());

        var (_, tenantAlerts) = await api.GetAsync("/api/v1/admin/alerts?hours=1");
        Assert.Equal(alert.GetProperty("id").ToString(), Assert.Single(tenantAlerts.GetProperty("alerts").EnumerateArray()).GetProperty("id").ToString());
        var (badStatus, problem) = await api.GetAsync("/api/v1/admin/alerts?hours=0");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(problem.GetProperty("errors").TryGetProperty("hours", out _));

        var other = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-admin", "admin:read"));
        Assert.Equal(0, (await other.GetAsync("/api/v1/admin/alerts")).Body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reports_stream_a_users_and_a_tenants_activities_as_csv_and_json()
    {
        var (api, tenant, user) = await TenantWithActivityAsync();
        var token = stack.Token(tenant, "analyst", "activity:*", "admin:read");

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{user}/activities/export?format=csv");
        csvRequest.Headers.Authorization = new("Bearer", token);
        using var csv = await stack.Http.SendAsync(csvRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,user_id,activity_type", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.Contains(",chat_message,", lines[1], StringComparison.Ordinal);
        // The details JSON holds a comma and quotes: quoted and doubled (RFC 4180).
        Assert.Contains("\"{\"\"topic\"\": \"\"tax, \\\"\"quoted\\\"\"\"\"}\"", lines[1], StringComparison.Ordinal);

        using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/reports/activities?format=json");
        jsonRequest.Headers.Authorization = new("Bearer", token);
        using var json = await stack.Http.SendAsync(jsonRequest);
        var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, document.GetProperty("count").GetInt32());
        Assert.Equal(["chat_message", "model_usage", "feature_usage"], document.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("activity_type").GetString()));
        Assert.Equal(100, document.GetProperty("activities")[1].GetProperty("details").GetProperty("tokens").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/users/{user}/activities/export?format=xml")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/admin/reports/activities?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z")).Status);
    }

    [Fact]
    public async Task Alert_rules_are_set_per_tenant_and_validated_by_field()
    {
        var (api, tenant, _) = await TenantWithActivityAsync();
        var (status, rules) = await api.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/alert-rules", new { burst_threshold = 20, failed_login_limit = 3 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(20, rules.GetProperty("burst_threshold").GetInt32());
        Assert.Equal(JsonValueKind.Null, rules.GetProperty("burst_window_minutes").ValueKind);
        Assert.Equal(3, (await api.GetAsync($"/api/v1/tenants/{tenant}/alert-rules")).Body.GetProperty("failed_login_limit").GetInt32());

        var (bad, problem) = await api.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/alert-rules", new { burst_window_minutes = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("burst_window_minutes", out _));
    }
}
