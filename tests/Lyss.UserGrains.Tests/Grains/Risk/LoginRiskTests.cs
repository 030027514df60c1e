using System.Text.Json;
using Lyss.UserGrains.Grains.Risk;
using Microsoft.Extensions.Time.Testing;

namespace Lyss.UserGrains.Tests.Grains.Risk;

/// <summary>The login rules on a fake clock, without a cluster or a database.</summary>
public sealed class LoginRiskTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)); // 09:00 in Shanghai

    private LoginAttempt Login(bool success = true, string? ip = "10.0.0.1", string? agent = "ua-1", string? geo = null) =>
        LoginAttempt.From(_clock.GetUtcNow(), ip, agent, $$"""{"success": {{(success ? "true" : "false")}}{{(geo is null ? "" : $", \"geo\": {geo}")}}}""");

    private static LoginVerdict Assess(LoginRiskState state, params LoginAttempt[] logins) =>
        LoginRisk.Assess(state, logins, new LoginStreak(0, false, 5), Shanghai);

    [Fact]
    public void The_first_device_is_learnt_silently_and_a_new_ip_or_agent_after_it_is_a_new_device()
    {
        var state = new LoginRiskState();
        Assert.Empty(Assess(state, Login()).Alerts);
        Assert.Empty(Assess(state, Login()).Alerts);

        var newIp = Assert.Single(Assess(state, Login(ip: "10.0.0.2")).Alerts);
        Assert.Equal("new_device", newIp.Rule);
        var evidence = JsonSerializer.SerializeToElement(newIp.Evidence);
        Assert.True(evidence.GetProperty("new_ip").GetBoolean());
        Assert.False(evidence.GetProperty("new_user_agent").GetBoolean());

        Assert.Equal("new_device", Assert.Single(Assess(state, Login(agent: "ua-2")).Alerts).Rule);
        Assert.Empty(Assess(state, Login(ip: null, agent: null)).Alerts);
    }

    [Fact]
    public void Known_devices_stay_bounded_and_the_oldest_is_forgotten()
    {
        var state = new LoginRiskState();
        for (var i = 0; i < LoginRisk.MaxKnownDevices + 5; i++)
        {
            Assess(state, Login(ip: $"10.0.1.{i}"));
        }

        Assert.Equal(LoginRisk.MaxKnownDevices, state.KnownDevices.Count);
        Assert.DoesNotContain("10.0.1.0|ua-1", state.KnownDevices);
        Assert.Equal($"10.0.1.{LoginRisk.MaxKnownDevices + 4}|ua-1", state.KnownDevices[^1]);
    }

    [Fact]
    public void An_hour_far_from_the_usual_ones_is_unusual_only_after_ten_logins_in_the_users_time_zone()
    {
        var state = new LoginRiskState();
        for (var day = 0; day < 9; day++)
        {
            Assess(state, Login());
            _clock.Advance(TimeSpan.FromDays(1));
        }

        _clock.Advance(TimeSpan.FromHours(12)); // 21:00 in Shanghai: no login yet within an hour of it
        Assert.Empty(Assess(state, Login()).Alerts); // the tenth login: too few before it to judge
        Assert.Equal(1, state.LoginHours[21]);

        _clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromHours(1)); // 20:00: next to 21:00, usual enough
        Assert.Empty(Assess(state, Login()).Alerts);

        _clock.Advance(TimeSpan.FromHours(7)); // 03:00 in Shanghai, 19:00 UTC
        var unusual = Assert.Single(Assess(state, Login()).Alerts);
        Assert.Equal("unusual_hour", unusual.Rule);
        var evidence = JsonSerializer.SerializeToElement(unusual.Evidence);
        Assert.Equal(3, evidence.GetProperty("hour").GetInt32());
        Assert.Equal(9, evidence.GetProperty("usual_hours")[9].GetInt32());
    }

    [Fact]
    public void Two_located_logins_farther_apart_than_a_plane_flies_are_impossible_travel()
    {
        var state = new LoginRiskState();
        const string Beijing = """{"lat": 39.9, "lon": 116.4, "country": "CN"}""";
        const string Paris = """{"lat": 48.86, "lon": 2.35, "country": "FR"}""";
        Assert.Empty(Assess(state, Login(geo: Beijing)).Alerts);

        _clock.Advance(TimeSpan.FromHours(1)); // ~8,200 km in an hour
        var travel = Assert.Single(Assess(state, Login(geo: Paris)).Alerts);
        Assert.Equal("impossible_travel", travel.Rule);
        var km = JsonSerializer.SerializeToElement(travel.Evidence).GetProperty("distance_km").GetDouble();
        Assert.InRange(km, 8000, 8400);

        _clock.Advance(TimeSpan.FromHours(12)); // back to Beijing in 12 h: ~690 km/h, a flight
        Assert.Empty(Assess(state, Login(geo: Beijing)).Alerts);
    }

    [Fact]
    public void A_fix_older_than_the_one_held_or_a_malformed_one_is_ignored()
    {
        var state = new LoginRiskState();
        Assess(state, Login(geo: """{"lat": 39.9, "lon": 116.4}"""));
        var held = state.LastGeo;
        var earlier = LoginAttempt.From(_clock.GetUtcNow() - TimeSpan.FromHours(2), "10.0.0.1", "ua-1", """{"geo": {"lat": 48.86, "lon": 2.35}}""");
        Assert.Empty(Assess(state, earlier).Alerts);
        Assert.Same(held, state.LastGeo);

        Assert.Null(Login(geo: """{"lat": "48.86", "lon": 2.35}""").Geo);
        Assert.Null(Login(geo: """{"lat": 91, "lon": 2.35}""").Geo);
    }

    [Fact]
    public void Failures_lock_at_exactly_the_limit_and_a_success_restarts_the_streak()
    {
        var state = new LoginRiskState();
        var four = LoginRisk.Assess(state, [.. Enumerable.Repeat(Login(false), 4)], new LoginStreak(0, false, 5), Shanghai);
        Assert.False(four.Lock);
        Assert.Equal(4, four.Streak);

        var reset = LoginRisk.Assess(state, [Login(true)], new LoginStreak(four.Streak, false, 5), Shanghai);
        Assert.Equal(0, reset.Streak);
        Assert.True(reset.LoggedIn);

        // Twelve at once: the lock comes at the fifth; the seven after it are what the lock answers.
        var twelve = LoginRisk.Assess(state, [.. Enumerable.Repeat(Login(false), 12)], new LoginStreak(reset.Streak, false, 5), Shanghai);
        Assert.Equal(5, twelve.LockAfterFailures);
        Assert.Equal(0, twelve.Streak);
        Assert.False(twelve.LoggedIn);
    }

    [Fact]
    public void Failures_while_the_lock_holds_do_not_count_and_the_next_streak_starts_after_it()
    {
        var state = new LoginRiskState();
        var during = LoginRisk.Assess(state, [.. Enumerable.Repeat(Login(false), 9)], new LoginStreak(0, true, 5), Shanghai);
        Assert.False(during.Lock);
        Assert.Equal(0, during.Streak);

        var after = LoginRisk.Assess(state, [.. Enumerable.Repeat(Login(false), 5)], new LoginStreak(during.Streak, false, 5), Shanghai);
        Assert.Equal(5, after.LockAfterFailures);
    }

    [Fact]
    public void Anonymization_forgets_devices_and_places()
    {
        var state = new LoginRiskState();
        Assess(state, Login(geo: """{"lat": 39.9, "lon": 116.4}"""));
        state.ForgetPlaces();
        Assert.Empty(state.KnownDevices);
        Assert.Null(state.LastGeo);
    }
}
