using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Behavior;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Npgsql;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Behavior;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class BehaviorAnalysisTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    // "Today" fixed once per test (xUnit makes an instance per test): read per call, it moved by a day across UTC midnight.
    private readonly DateTime _today = DateTime.UtcNow.Date;

    /// <summary>UTC midnight <paramref name="daysAgo"/> days back, plus hours and minutes.</summary>
    private DateTimeOffset At(int daysAgo, int hour, double minute) =>
        new DateTimeOffset(_today, TimeSpan.Zero).AddDays(-daysAgo).AddHours(hour).AddMinutes(minute);

    private static TrackActivity Chat(DateTimeOffset at, string? topic = null) => new()
    {
        ActivityType = ActivityTypes.ChatMessage,
        ResourceType = "conversation",
        ResourceId = "conv",
        OccurredAt = at,
        Details = topic is null ? """{"model":"gpt-4o"}""" : $$"""{"model":"gpt-4o","topic":"{{topic}}"}""",
    };

    private static TrackActivity Model(DateTimeOffset at, string model, long tokens, decimal cost) => new()
    {
        ActivityType = ActivityTypes.ModelUsage,
        ResourceType = "model",
        ResourceId = model,
        OccurredAt = at,
        Details = $$"""{"model":"{{model}}","tokens":{{tokens}},"cost":{{cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""",
    };

    /// <summary>
    /// Five sessions on four days: A (3 messages, 10 min) and B (2, 20 min) 50 minutes apart on day 4,
    /// C (5, 5 min), D (6, 15 min), E (4, 0 min); three model calls; topics billing ×2, legal.
    /// </summary>
    private List<TrackActivity> KnownWeek() =>
    [
        Chat(At(4, 10, 0), "billing"), Chat(At(4, 10, 5)), Chat(At(4, 10, 10)), Model(At(4, 10, 10), "gpt-4o", 200, 0.004m),
        Chat(At(4, 11, 0)), Chat(At(4, 11, 20)),
        Chat(At(3, 10, 0), "billing"), Chat(At(3, 10, 1)), Chat(At(3, 10, 2)), Chat(At(3, 10, 3)), Chat(At(3, 10, 5)),
        Chat(At(2, 10, 0), "legal"), Chat(At(2, 10, 3)), Chat(At(2, 10, 6)), Chat(At(2, 10, 9)), Chat(At(2, 10, 12)), Chat(At(2, 10, 15)),
        Model(At(2, 10, 15), "gpt-4o", 1000, 0.02m),
        Chat(At(1, 10, 0)), Chat(At(1, 10, 0)), Chat(At(1, 10, 0)), Chat(At(1, 10, 0)), Model(At(1, 10, 0), "claude-3", 500, 0.01m),
    ];

    private async Task<(Guid Tenant, Guid User)> UserWithKnownWeekAsync()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var results = await Grains.GetGrain<IUserGrain>(id).TrackBatchAsync(KnownWeek(), tenant, AckMode.Durable);
        Assert.All(results, r => Assert.Equal(TrackStatus.Accepted, r.Status));
        return (tenant, id);
    }

    [Fact]
    public async Task The_engagement_score_has_the_seeds_four_parts_exactly()
    {
        var (tenant, id) = await UserWithKnownWeekAsync();

        var analysis = await Grains.GetGrain<IBehaviorGrain>(0).AnalyzeAsync(tenant, id, BehaviorPeriods.Monthly);

        var stats = analysis.ActivityStats;
        Assert.Equal(23, stats.TotalActivities);
        Assert.Equal(20, stats.TotalMessages);
        Assert.Equal(5, stats.TotalSessions);
        Assert.Equal(4, stats.ActiveDays);
        Assert.Equal(10, stats.AvgSessionDuration);
        Assert.Equal(1.25, stats.AvgSessionsPerDay);
        Assert.Equal(4, stats.AvgMessagesPerSession);
        Assert.Equal(1700, stats.TotalTokens);
        Assert.Equal(0.034m, stats.TotalCost);
        // Active days 4 × 3 = 12; 10 min / 10 × 20 = 20; 4 messages / 5 × 25 = 20; 1.25 sessions a day × 10 = 12.5.
        Assert.Equal(12m, analysis.EngagementScore.ActiveDays);
        Assert.Equal(20m, analysis.EngagementScore.SessionDuration);
        Assert.Equal(20m, analysis.EngagementScore.ConversationDepth);
        Assert.Equal(12.5m, analysis.EngagementScore.Consistency);
        Assert.Equal(64.5m, analysis.EngagementScore.Score);

        Assert.Equal("gpt-4o", analysis.ModelUsage.FavoriteModel);
        Assert.Equal(2, analysis.ModelUsage.UniqueModelsUsed);
        Assert.Equal(3, analysis.ModelUsage.TotalModelCalls);
        Assert.Equal(66.67, analysis.ModelUsage.Models[0].Percentage);
        Assert.Equal(1200, analysis.ModelUsage.Models[0].TotalTokens);
        Assert.Equal(["billing", "legal"], analysis.ConversationPatterns.PopularTopics.Select(t => t.Name));
        Assert.Equal(2, analysis.ConversationPatterns.PopularTopics[0].Uses);
        Assert.Equal((4, 1, 0), (analysis.ConversationPatterns.LengthDistribution.Short, analysis.ConversationPatterns.LengthDistribution.Medium, analysis.ConversationPatterns.LengthDistribution.Long));
        // 10:00 UTC is 18:00 in the default time zone (Asia/Shanghai).
        Assert.Equal(18, analysis.ActiveHours.PeakHours[0]);
        Assert.Equal(["chat_message", "model_usage"], analysis.Profile.PrimaryFunctions);
        Assert.Equal("low", analysis.Profile.ActivityLevel);

        // The monthly score is stored on the profile.
        Assert.Equal(64.5m, (await Grains.GetGrain<IUserGrain>(id).GetProfileAsync())!.EngagementScore);
        // The weekly period holds the same days.
        Assert.Equal(64.5m, (await Grains.GetGrain<IBehaviorGrain>(0).AnalyzeAsync(tenant, id, BehaviorPeriods.Weekly)).EngagementScore.Score);
    }

    [Fact]
    public async Task Daily_statistics_count_sessions_active_minutes_and_models_from_the_rollups()
    {
        var (tenant, id) = await UserWithKnownWeekAsync();
        await Grains.GetGrain<IBehaviorGrain>(0).AnalyzeAsync(tenant, id, BehaviorPeriods.Weekly);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var day = await connection.QuerySingleAsync<(long Activities, long Messages, long Sessions, long Minutes, long Models, long Tokens)>(
            """
            SELECT total_activities::bigint, total_messages::bigint, total_sessions::bigint, active_minutes::bigint, unique_models_used::bigint, total_tokens::bigint
            FROM user_statistics WHERE user_id = @id AND tenant_id = @tenant AND stat_date = @day
            """,
            new { id, tenant, day = At(4, 0, 0).UtcDateTime.Date });
        // Day 4: sessions A (10 min) and B (20 min), 5 messages and one gpt-4o call.
        Assert.Equal((6L, 5L, 2L, 30L, 1L, 200L), day);
    }

    [Fact]
    public async Task A_session_survives_a_gap_of_exactly_the_idle_timeout_and_splits_one_second_later()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        var start = At(2, 8, 0);
        // Default idle timeout: 30 minutes.
        await user.TrackBatchAsync([Chat(start), Chat(start.AddMinutes(30))], tenant, AckMode.Durable);
        await user.TrackBatchAsync([Chat(start.AddMinutes(60).AddSeconds(1)), Model(start.AddMinutes(61), "gpt-4o", 10, 0.001m)], tenant, AckMode.Durable);
        await user.PrepareAnalysisAsync(tenant);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var sessions = (await connection.QueryAsync<(int Messages, int Calls, int Minutes, DateTime Started, DateTime? Ended, string? Model)>(
            """
            SELECT message_count, model_calls, duration_minutes, started_at, ended_at, model_used FROM conversation_sessions
            WHERE user_id = @id ORDER BY started_at
            """, new { id })).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal((2, 0, 30), (sessions[0].Messages, sessions[0].Calls, sessions[0].Minutes));
        Assert.Equal(start.AddMinutes(30).UtcDateTime, sessions[0].Ended);
        Assert.Equal((1, 1, 0), (sessions[1].Messages, sessions[1].Calls, sessions[1].Minutes));
        Assert.Equal(start.AddMinutes(60).AddSeconds(1).UtcDateTime, sessions[1].Started);
        Assert.Equal("gpt-4o", sessions[1].Model);
    }

    [Fact]
    public async Task Recommendations_name_what_similar_colleagues_use_with_reasons_and_are_deterministic()
    {
        var tenant = await NewTenantAsync(Grains);
        var users = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        TrackActivity Feature(string name) => new() { ActivityType = ActivityTypes.FeatureUsage, ResourceType = "feature", ResourceId = name, OccurredAt = now };
        await Grains.GetGrain<IUserGrain>(users[0]).TrackBatchAsync([Model(now, "alpha", 1, 0), Feature("export")], tenant, AckMode.Durable);
        await Grains.GetGrain<IUserGrain>(users[1]).TrackBatchAsync([Model(now, "alpha", 1, 0), Model(now, "beta", 1, 0), Feature("export"), Feature("search")], tenant, AckMode.Durable);
        await Grains.GetGrain<IUserGrain>(users[2]).TrackBatchAsync([Model(now, "gamma", 1, 0), Model(now, "gamma", 1, 0), Feature("translate")], tenant, AckMode.Durable);

        var analyzer = Grains.GetGrain<IBehaviorGrain>(0);
        var models = await analyzer.RecommendAsync(tenant, users[0], RecommendationTypes.Models);
        // beta: one colleague, who also uses alpha (similar) — ahead of gamma, used by a colleague with nothing in common.
        Assert.Equal(["beta", "gamma"], models.Items.Select(i => i.Item));
        Assert.Equal(0.5, models.Items[0].Score);
        Assert.Contains("1 of 2 colleagues", models.Items[0].Reason, StringComparison.Ordinal);
        Assert.Contains("alpha", models.Items[0].Reason, StringComparison.Ordinal);
        var again = await analyzer.RecommendAsync(tenant, users[0], RecommendationTypes.Models);
        Assert.Equal(models.Items.Select(i => (i.Item, i.Score, i.Reason)), again.Items.Select(i => (i.Item, i.Score, i.Reason)));

        var features = await analyzer.RecommendAsync(tenant, users[0], RecommendationTypes.Features);
        Assert.Equal(["search", "translate"], features.Items.Select(i => i.Item));

        var settings = await analyzer.RecommendAsync(tenant, users[2], RecommendationTypes.Settings);
        var model = Assert.Single(settings.Items, i => i.Item == "model.default_model");
        Assert.Equal("\"gamma\"", model.Value);
        Assert.Contains("100 %", model.Reason, StringComparison.Ordinal);

        await Assert.ThrowsAsync<Errors.ValidationException>(() => analyzer.RecommendAsync(tenant, users[0], "colours"));
        await Assert.ThrowsAsync<Errors.ValidationException>(() => analyzer.AnalyzeAsync(tenant, users[0], "yearly"));
    }

    [Fact]
    public async Task Insights_compare_trends_across_periods_and_rank_the_user_among_analysed_colleagues()
    {
        var (tenant, busy) = await UserWithKnownWeekAsync();
        var quiet = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        await Grains.GetGrain<IUserGrain>(quiet).TrackBatchAsync([Chat(At(1, 9, 0))], tenant, AckMode.Durable);
        var analyzer = Grains.GetGrain<IBehaviorGrain>(0);
        await analyzer.AnalyzeAsync(tenant, quiet, BehaviorPeriods.Monthly);

        var insights = await analyzer.InsightsAsync(tenant, busy);

        Assert.Equal(64.5m, insights.CurrentPeriod.EngagementScore.Score);
        // 23 activities since 10:00 UTC four days ago: observed over 5 days after 10:00 UTC, over 4 before it
        // (literals, not the code's formula); every period's rate is over the days observed, so it is steady.
        var activity = Assert.Single(insights.Trends, t => t.Metric == "activities_per_day");
        Assert.Equal(DateTime.UtcNow.Hour >= 10 ? 4.6 : 5.75, activity.Weekly);
        Assert.Equal((activity.Weekly, activity.Weekly), (activity.Monthly, activity.Quarterly));
        Assert.Equal("stable", activity.Direction);
        Assert.Equal(1, insights.PeerComparison.Peers);
        Assert.Equal(100, insights.PeerComparison.EngagementPercentile);
        Assert.Equal(100, insights.PeerComparison.ActivityPercentile);
        Assert.NotEmpty(insights.ImprovementSuggestions);
        Assert.Contains("64.5/100", insights.InsightsSummary, StringComparison.Ordinal);

        // The daily sweep scores every member with the same formula as the analysis.
        Assert.Equal(2, await Grains.GetGrain<Lyss.UserGrains.Tenants.ITenantGrain>(tenant).ScoreMembersAsync());
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            Assert.Equal(64.5m, await connection.ExecuteScalarAsync<decimal>(
                "SELECT engagement_score FROM tenant_members WHERE tenant_id = @tenant AND user_id = @busy", new { tenant, busy }));
            Assert.Equal(18m, await connection.ExecuteScalarAsync<decimal>(
                "SELECT engagement_score FROM tenant_members WHERE tenant_id = @tenant AND user_id = @quiet", new { tenant, quiet }));
        }

        var quietInsights = await analyzer.InsightsAsync(tenant, quiet);
        Assert.Equal(0, quietInsights.PeerComparison.EngagementPercentile);
        Assert.Contains(quietInsights.ImprovementSuggestions, s => s.Code == "more_active_days");
    }
}
