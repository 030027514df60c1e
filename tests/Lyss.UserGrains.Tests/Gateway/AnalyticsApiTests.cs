using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class AnalyticsApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Lifecycle_counts_new_returning_resurrecting_and_dormant_members_each_exactly()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "analyst", "tenant:create", "user:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Lifecycle Co", auto_activate_users = true })).Status);
        var users = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            users.Add((await api.PostAsync("/api/v1/users", new { email = $"lc{i}.{Guid.NewGuid():N}@example.com", name = $"Lifecycle {i}" })).Body.GetProperty("id").GetGuid());
        }

        // Activity is clamped to the last 7 days at ingestion, so the history is written into the rollup the query reads:
        // 0 active this week and last week (returning); 1 this week and 20 days ago (resurrecting); 2 only 20 days ago
        // (dormant); 3 only this week and joined now (new). 0–2 joined 30 days ago.
        await using (var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var history = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO user_activity_hourly (tenant_id, user_id, hour, activity_type, activities)
                SELECT @tenant, u, date_trunc('hour', now() - make_interval(days => d)), 'case_view', 1
                FROM unnest(@users, @days) AS x(u, d);
                UPDATE tenant_members SET user_created_at = now() - interval '30 days'
                WHERE tenant_id = @tenant AND user_id = ANY(@old);
                """, connection);
            history.Parameters.AddWithValue("tenant", tenant);
            history.Parameters.AddWithValue("users", new[] { users[0], users[0], users[1], users[1], users[2], users[3] });
            history.Parameters.AddWithValue("days", new[] { 1, 10, 1, 20, 20, 1 });
            history.Parameters.AddWithValue("old", new[] { users[0], users[1], users[2] });
            await history.ExecuteNonQueryAsync();
        }

        var (_, lifecycle) = await api.GetAsync("/api/v1/admin/analytics/lifecycle");
        Assert.Equal(
            (1, 1, 1, 1),
            (lifecycle.GetProperty("new").GetInt32(), lifecycle.GetProperty("returning").GetInt32(),
             lifecycle.GetProperty("resurrecting").GetInt32(), lifecycle.GetProperty("dormant").GetInt32()));
    }

    [Fact]
    public async Task The_engagement_sweep_scores_every_active_member_for_peer_comparison_and_the_dormancy_sweep_spares_fresh_members()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "analyst", "tenant:create", "user:*", "activity:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Sweeps Co", auto_activate_users = true, dormancy_days = 1, deactivate_dormant_users = true })).Status);
        var users = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await api.PostAsync("/api/v1/users", new { email = $"sw{i}.{Guid.NewGuid():N}@example.com", name = $"Swept {i}" })).Body.GetProperty("id").GetGuid());
        }

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = users[0], activity_type = "case_view", ack = "durable" })).Status);

        // Before the sweep nobody else was analysed: no peers to compare with.
        var (_, before) = await api.GetAsync($"/api/v1/users/{users[0]}/insights");
        Assert.Equal(0, before.GetProperty("peer_comparison").GetProperty("peers").GetInt32());
        var (status, swept) = await api.PostAsync($"/api/v1/tenants/{tenant}/engagement-sweep");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, swept.GetProperty("scored_members").GetInt32());
        var (_, after) = await api.GetAsync($"/api/v1/users/{users[0]}/insights");
        var peers = after.GetProperty("peer_comparison");
        Assert.Equal(2, peers.GetProperty("peers").GetInt32());
        Assert.Equal(0m, peers.GetProperty("peer_average_score").GetDecimal());

        // Members created today are not dormant after one day's threshold: none reported, none deactivated.
        var (dormancyStatus, dormancy) = await api.PostAsync($"/api/v1/tenants/{tenant}/dormancy-sweep");
        Assert.Equal(HttpStatusCode.OK, dormancyStatus);
        Assert.Equal(0, dormancy.GetProperty("total").GetInt32());
        Assert.Empty(dormancy.GetProperty("dormant_users").EnumerateArray());
        Assert.Equal("active", (await api.GetAsync($"/api/v1/users/{users[2]}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Retention_answers_cohorts_in_the_contracts_shape_and_names_a_bad_parameter()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "analyst", "tenant:create", "user:*", "activity:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Cohorts Co", auto_activate_users = true })).Status);
        var user = (await api.PostAsync("/api/v1/users", new { email = $"co.{Guid.NewGuid():N}@example.com", name = "Cohort" })).Body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", ack = "durable" })).Status);

        var (status, body) = await api.GetAsync("/api/v1/admin/analytics/retention?period=month&cohorts=2&tz=Asia/Shanghai");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("month", body.GetProperty("period").GetString());
        var cohorts = body.GetProperty("cohorts").EnumerateArray().ToList();
        Assert.Equal(2, cohorts.Count);
        Assert.Equal((1, 1.0m), (cohorts[1].GetProperty("size").GetInt32(), Assert.Single(cohorts[1].GetProperty("retention").EnumerateArray()).GetDecimal()));
        Assert.Equal(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-01", System.Globalization.CultureInfo.InvariantCulture), cohorts[1].GetProperty("start").GetString());

        foreach (var (query, field) in new[] { ("period=day", "period"), ("cohorts=0", "cohorts"), ("tz=Mars/Olympus", "tz") })
        {
            var (bad, problem) = await api.GetAsync($"/api/v1/admin/analytics/retention?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task Active_users_features_top_users_lifecycle_and_action_path_have_exact_figures()
    {
        var tenant = Guid.NewGuid();
        var api = new ApiClient(stack.Http, stack.Token(tenant, "analyst", "tenant:create", "user:*", "activity:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Analytics Co", auto_activate_users = true })).Status);
        var users = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await api.PostAsync("/api/v1/users", new { email = $"an{i}.{Guid.NewGuid():N}@example.com", name = $"Analyzed {i}" })).Body.GetProperty("id").GetGuid());
        }

        var actions = new (int User, string Type)[] { (0, "case_view"), (0, "case_update"), (0, "case_view"), (1, "case_view") };
        foreach (var (user, type) in actions)
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/activities", new { user_id = users[user], activity_type = type, ack = "durable" })).Status);
        }

        var (_, active) = await api.GetAsync("/api/v1/admin/analytics/active-users");
        Assert.Equal(2, active.GetProperty("dau").GetInt32());
        Assert.Equal(2, active.GetProperty("wau").GetInt32());
        Assert.Equal(2, active.GetProperty("mau").GetInt32());
        Assert.Equal(1.0, active.GetProperty("stickiness").GetDouble());

        var features = (await api.GetAsync("/api/v1/admin/analytics/features?days=7")).Body.GetProperty("features");
        Assert.Equal("case_view", features[0].GetProperty("action").GetString());
        Assert.Equal(3, features[0].GetProperty("usage_count").GetInt32());
        Assert.Equal(2, features[0].GetProperty("user_count").GetInt32());

        var top = (await api.GetAsync("/api/v1/admin/analytics/top-users")).Body.GetProperty("top_users");
        Assert.Equal(users[0], top[0].GetProperty("user_id").GetGuid());
        Assert.Equal(3, top[0].GetProperty("activity_count").GetInt32());

        var (_, lifecycle) = await api.GetAsync("/api/v1/admin/analytics/lifecycle");
        Assert.Equal(3, lifecycle.GetProperty("new").GetInt32());
        Assert.Equal(0, lifecycle.GetProperty("dormant").GetInt32());

        var path = (await api.GetAsync($"/api/v1/admin/analytics/users/{users[0]}/action-path")).Body.GetProperty("path");
        Assert.Equal(["case_view", "case_update", "case_view"], path.EnumerateArray().Select(p => p.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("case_update", path[2].GetProperty("prev_action").GetString());

        var outsider = new ApiClient(stack.Http, stack.Token(tenant, "member", "user:read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/api/v1/admin/analytics/active-users")).Status);
    }
}
