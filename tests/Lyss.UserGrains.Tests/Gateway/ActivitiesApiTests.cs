using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class ActivitiesApiTests(LiveStackFixture stack)
{
    private async Task<(Guid Tenant, Guid User, ApiClient Api)> SetUpAsync()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "svc", "tenant:create", "user:*", "activity:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Activities" })).Status);
        var (status, user) = await api.PostAsync("/api/v1/users", new { email = $"a.{Guid.NewGuid():N}@example.com", name = "Tracked", auto_activate = true });
        Assert.Equal(HttpStatusCode.Created, status);
        return (tenant, user.GetProperty("id").GetGuid(), api);
    }

    [Fact]
    public async Task Single_tracking_answers_202_buffered_201_durable_and_200_for_a_repeated_message_id()
    {
        var (_, user, api) = await SetUpAsync();
        var (buffered, body) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_type = "case", resource_id = "case-456", message_id = "k1" });
        Assert.Equal(HttpStatusCode.Accepted, buffered);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var firstId = body.GetProperty("id").GetGuid();

        var (duplicate, again) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", message_id = "k1" });
        Assert.Equal(HttpStatusCode.OK, duplicate);
        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal(firstId, again.GetProperty("id").GetGuid());

        var (durable, login) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login", details = new { success = true } });
        Assert.Equal(HttpStatusCode.Created, durable);
        Assert.Equal("committed", login.GetProperty("durability").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login", ack = "buffered" })).Status);
    }

    [Fact]
    public async Task Bad_activities_are_400_naming_the_field_and_oversized_bodies_413()
    {
        var (_, user, api) = await SetUpAsync();
        var (status, problem) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "Bad Type" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("activity_type", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/activities", new { activity_type = "case_view" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", ack = "later" })).Status);
        var (tokensStatus, tokensProblem) = await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "model_usage", details = new { model = "gpt-4o", tokens = "1200" } });
        Assert.Equal(HttpStatusCode.BadRequest, tokensStatus);
        Assert.True(tokensProblem.GetProperty("errors").TryGetProperty("details.tokens", out _));

        var huge = new string('x', 40 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", details = new { huge } })).Status);
        var tooMany = Enumerable.Range(0, 1001).Select(_ => new { user_id = user, activity_type = "case_view" }).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/activities/batch", new { activities = tooMany })).Status);
    }

    [Fact]
    public async Task A_nul_or_an_unpaired_surrogate_is_400_naming_the_field_and_the_writer_stays_healthy_for_every_tenant()
    {
        // The reproduction of the stall: one NUL in resource_id used to stop the silo's writer for every tenant.
        var (_, user, api) = await SetUpAsync();
        // Raw JSON, escapes as a client sends them.
        foreach (var (field, body) in new (string, string)[]
        {
            ("resource_id", $$$"""{"user_id":"{{{user}}}","activity_type":"page_view","resource_id":"a\u0000b"}"""),
            ("session_id", $$$"""{"user_id":"{{{user}}}","activity_type":"page_view","session_id":"s\u0007"}"""),
            ("user_agent", $$$"""{"user_id":"{{{user}}}","activity_type":"page_view","user_agent":"ua\ud800"}"""),
            ("details", $$$"""{"user_id":"{{{user}}}","activity_type":"page_view","details":{"q":"x\u0000"}}"""),
            ("details", $$$"""{"user_id":"{{{user}}}","activity_type":"page_view","details":{"nested":["\udc00"]}}"""),
            ("details.cost", $$$"""{"user_id":"{{{user}}}","activity_type":"model_usage","details":{"model":"m","cost":99999999}}"""),
        })
        {
            var (status, problem) = await api.PostAsync("/api/v1/activities", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        var (batch, answer) = await api.PostAsync("/api/v1/activities/batch",
            $$$"""{"activities":[{"user_id":"{{{user}}}","activity_type":"page_view","resource_id":"a\u0000b"},{"user_id":"{{{user}}}","activity_type":"page_view","resource_id":"fine"}]}""");
        Assert.Equal(HttpStatusCode.OK, batch);
        Assert.Equal("rejected", answer.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("resource_id", answer.GetProperty("results")[0].GetProperty("field").GetString());
        Assert.Equal("accepted", answer.GetProperty("results")[1].GetProperty("status").GetString());

        // Another tenant's activity is committed at once, and the writers report healthy.
        var (_, other, otherApi) = await SetUpAsync();
        var (durable, stored) = await otherApi.PostAsync("/api/v1/activities", new { user_id = other, activity_type = "page_view", ack = "durable" });
        Assert.Equal(HttpStatusCode.Created, durable);
        Assert.Equal("committed", stored.GetProperty("durability").GetString());
        var (_, queue) = await otherApi.GetAsync("/api/v1/admin/user-activities/queue-status");
        Assert.True(queue.GetProperty("postgres_healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("silos")[0].GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task A_batch_answers_per_item_and_the_summary_includes_it_at_once()
    {
        var (_, user, api) = await SetUpAsync();
        var stranger = Guid.NewGuid();
        var (status, body) = await api.PostAsync("/api/v1/activities/batch", new
        {
            activities = new object[]
            {
                new { user_id = user, activity_type = "chat_message", resource_id = "conv-1", message_id = "b1" },
                new { user_id = user, activity_type = "chat_message", resource_id = "conv-1", message_id = "b1" },
                new { user_id = user, activity_type = "model_usage", details = new { model = "m", tokens = 300, cost = 0.5 } },
                new { user_id = stranger, activity_type = "case_view" },
                new { user_id = user, activity_type = "NOPE" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected").GetInt32());
        var statuses = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["accepted", "duplicate", "accepted", "rejected", "rejected"], statuses);

        var (_, summary) = await api.GetAsync($"/api/v1/users/{user}/activity-summary?days=7");
        Assert.Equal(2, summary.GetProperty("basic_stats").GetProperty("total_activities").GetInt32());
        Assert.Equal(1, summary.GetProperty("activity_types").GetProperty("chat_message").GetInt32());
        Assert.Equal(300, summary.GetProperty("model_usage").GetProperty("tokens").GetInt32());
        Assert.Equal(2, summary.GetProperty("recent_activities").GetArrayLength());
        Assert.Equal(24, summary.GetProperty("hourly_pattern").EnumerateObject().Count());
    }

    [Fact]
    public async Task Admin_routes_report_rows_statistics_and_the_queue_of_the_callers_tenant_only()
    {
        var (tenant, user, api) = await SetUpAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "payment_success", resource_id = $"pay-{i}" })).Status);
        }

        var (_, rows) = await api.GetAsync($"/api/v1/admin/user-activities/user/{user}?days=30&limit=2");
        Assert.Equal(3, rows.GetProperty("total").GetInt32());
        Assert.True(rows.GetProperty("has_more").GetBoolean());
        Assert.Equal("pay-2", rows.GetProperty("activities")[0].GetProperty("resource_id").GetString());

        var (_, stats) = await api.GetAsync("/api/v1/admin/user-activities/statistics?days=7");
        Assert.Equal(3, stats.GetProperty("today_activities").GetInt32());
        Assert.Equal(1, stats.GetProperty("active_users").GetInt32());
        Assert.Equal(user, stats.GetProperty("top_users")[0].GetProperty("user_id").GetGuid());
        // In a zone whose date differs from UTC's right now (UTC-11 before 11:00 UTC, UTC+14 after), the same rows fall on that date.
        var nowUtc = DateTimeOffset.UtcNow;
        var (zone, offset) = nowUtc.Hour < 11 ? ("Pacific/Pago_Pago", -11) : ("Pacific/Kiritimati", 14);
        var (_, local) = await api.GetAsync($"/api/v1/admin/user-activities/statistics?days=7&tz={zone}");
        var localDay = nowUtc.ToOffset(TimeSpan.FromHours(offset)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, local.GetProperty("activity_breakdown").EnumerateObject().Sum(t => t.Value.GetInt32()));
        Assert.Equal([localDay], local.GetProperty("daily_trend").EnumerateObject().Select(d => d.Name));
        Assert.Equal(3, local.GetProperty("today_activities").GetInt32());
        var (windowsName, zoneProblem) = await api.GetAsync("/api/v1/admin/user-activities/statistics?tz=China%20Standard%20Time");
        Assert.Equal(HttpStatusCode.BadRequest, windowsName);
        Assert.True(zoneProblem.GetProperty("errors").TryGetProperty("tz", out _));

        // The figures, not only the shape: the stack's one silo has committed rows (published every 2 s), holds none, spilled none.
        var queue = await Eventually.MatchAsync(
            async () => (await api.GetAsync("/api/v1/admin/user-activities/queue-status")).Body,
            q => q.GetProperty("silos").GetArrayLength() == 1 && q.GetProperty("silos")[0].GetProperty("flushed").GetInt64() >= 3,
            TimeSpan.FromSeconds(10),
            "queue-status to show the committed rows");
        Assert.Equal($"test_spill_{stack.ClusterId}", queue.GetProperty("queue_name").GetString());
        Assert.Equal(0, queue.GetProperty("spilled_in_redis").GetInt64());
        Assert.True(queue.GetProperty("postgres_healthy").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, queue.GetProperty("last_flush_at").ValueKind);

        var other = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "svc", "activity:*", "admin:read", "user:*"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/admin/user-activities/user/{user}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/users/{user}/activity-summary")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view" })).Status);
        var (_, otherStats) = await other.GetAsync("/api/v1/admin/user-activities/statistics");
        Assert.Equal(0, otherStats.GetProperty("total_activities").GetInt32());

        var noAdmin = new ApiClient(stack.Http, stack.Token(tenant, "svc", "activity:write"));
        Assert.Equal(HttpStatusCode.Forbidden, (await noAdmin.GetAsync("/api/v1/admin/user-activities/statistics")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await noAdmin.GetAsync($"/api/v1/users/{user}/activity-summary")).Status);
    }

    [Fact]
    public async Task The_client_address_is_the_bodys_else_a_trusted_proxys_header_else_the_connections()
    {
        var (tenant, user, api) = await SetUpAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activities")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_id = user, activity_type = "case_view", resource_id = "proxied", ack = "durable" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", stack.Token(tenant, "svc", "activity:*"));
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");
        request.Headers.UserAgent.ParseAdd("EndUserBrowser/2.0");
        Assert.Equal(HttpStatusCode.Created, (await stack.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = "reported", ip_address = "198.51.100.77", ack = "durable" })).Status);

        var (_, rows) = await api.GetAsync($"/api/v1/admin/user-activities/user/{user}");
        var byResource = rows.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("resource_id").GetString()!);
        Assert.Equal("203.0.113.50", byResource["proxied"].GetProperty("ip_address").GetString());
        Assert.Equal("EndUserBrowser/2.0", byResource["proxied"].GetProperty("user_agent").GetString());
        Assert.Equal("198.51.100.77", byResource["reported"].GetProperty("ip_address").GetString());
    }
}
