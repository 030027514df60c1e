using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Notifications;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Alerts;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class AnomalyRuleTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task The_burst_rule_fires_at_the_51st_action_in_five_minutes_and_not_at_the_50th()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        var fifty = Enumerable.Range(0, 50).Select(i => new TrackActivity { ActivityType = "case_view", ResourceId = $"c{i}" }).ToList();
        await user.TrackBatchAsync(fifty, tenant, AckMode.Buffered);
        Assert.Equal(0, (await AlertsAsync(tenant, id)).Count(a => a.Type == "burst"));

        await user.TrackAsync(new TrackActivity { ActivityType = "case_view", ResourceId = "c50" }, tenant);
        var burst = Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "burst");
        Assert.Contains("\"actions\": 51", burst.Evidence, StringComparison.Ordinal);

        await user.TrackAsync(new TrackActivity { ActivityType = "case_view", ResourceId = "c51" }, tenant);
        Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "burst");
    }

    [Fact]
    public async Task Failed_logins_fired_in_parallel_lock_the_user_at_exactly_the_limit()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.TrackLoginAsync(tenant, success: false)));
        Assert.Equal(UserStatus.Active, (await user.GetAsync())!.Status);
        await user.TrackLoginAsync(tenant, success: true);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.TrackLoginAsync(tenant, success: false)));
        Assert.Equal(UserStatus.Active, (await user.GetAsync())!.Status);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => user.TrackLoginAsync(tenant, success: false)));
        var locked = (await user.GetAsync())!;
        Assert.Equal(UserStatus.Locked, locked.Status);
        Assert.NotNull(locked.LockedUntil);
        var streak = Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "failed_login_streak");
        Assert.Contains("\"failed_logins\": 5", streak.Evidence, StringComparison.Ordinal);
        var events = await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, tenant, 100, 0);
        Assert.Single(events.Items, e => e.EventType == "user_locked");
    }

    [Fact]
    public async Task A_login_from_a_new_ip_or_user_agent_is_a_new_device()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        await user.TrackLoginAsync(tenant, ipAddress: "198.51.100.1", userAgent: "Browser/1");
        await user.TrackLoginAsync(tenant, ipAddress: "198.51.100.1", userAgent: "Browser/1");
        Assert.DoesNotContain(await AlertsAsync(tenant, id), a => a.Type == "new_device");

        await user.TrackLoginAsync(tenant, ipAddress: "203.0.113.77", userAgent: "Browser/1");
        var alert = Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "new_device");
        Assert.Contains("203.0.113.77", alert.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_far_outside_the_users_usual_hours_is_unusual()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        // "Today" fixed once: read per call, it moved by a day when the test ran across midnight in Shanghai.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).Date;
        DateTimeOffset At(int daysAgo, int hour)
        {
            var local = DateTime.SpecifyKind(today.AddDays(-daysAgo).AddHours(hour), DateTimeKind.Unspecified);
            return new DateTimeOffset(local, shanghai.GetUtcOffset(local));
        }

        Task Login(DateTimeOffset at) => user.TrackAsync(new TrackActivity
        {
            ActivityType = "login", Details = """{"success":true}""", OccurredAt = at, IpAddress = "198.51.100.1", UserAgent = "Browser/1",
        }, tenant);

        for (var i = 0; i < 10; i++)
        {
            await Login(At(6 - (i % 5), 9 + (i % 2)));
        }

        await Login(At(1, 10));
        Assert.DoesNotContain(await AlertsAsync(tenant, id), a => a.Type == "unusual_hour");
        await Login(At(1, 3));
        var alert = Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "unusual_hour");
        Assert.Contains("\"hour\": 3", alert.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_logins_too_far_apart_for_the_time_between_them_are_impossible_travel()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        Task Login(DateTimeOffset at, string country, double lat, double lon) => user.TrackAsync(new TrackActivity
        {
            ActivityType = "login",
            OccurredAt = at,
            Details = System.Text.Json.JsonSerializer.Serialize(new { success = true, geo = new { country, lat, lon } }),
        }, tenant);

        await Login(start, "CN", 31.23, 121.47);                    // Shanghai
        await Login(start.AddHours(1), "CN", 30.27, 120.15);        // Hangzhou, ~170 km in an hour: fine
        Assert.DoesNotContain(await AlertsAsync(tenant, id), a => a.Type == "impossible_travel");
        await Login(start.AddHours(2), "US", 40.71, -74.01);        // New York an hour later
        var alert = Assert.Single(await AlertsAsync(tenant, id), a => a.Type == "impossible_travel");
        Assert.Contains("\"US\"", alert.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_lock_is_lifted_failed_logins_count_afresh_and_lock_again_at_the_limit()
    {
        var tenant = await NewTenantAsync(Grains);
        var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        var user = Grains.GetGrain<IUserGrain>(id);
        for (var i = 0; i < 8; i++)
        {
            await user.TrackLoginAsync(tenant, success: false);
        }

        Assert.Equal(UserStatus.Locked, (await user.GetAsync())!.Status);
        await user.UnlockAsync(Admin(tenant));
        for (var i = 0; i < 4; i++)
        {
            await user.TrackLoginAsync(tenant, success: false);
        }

        // The three failures made while locked do not count: four after the unlock leave the user active.
        Assert.Equal(UserStatus.Active, (await user.GetAsync())!.Status);
        await user.TrackLoginAsync(tenant, success: false);
        Assert.Equal(UserStatus.Locked, (await user.GetAsync())!.Status);
        var events = await Grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, tenant, 100, 0);
        Assert.Equal(2, events.Items.Count(e => e.EventType == "user_locked"));
        Assert.Equal(2, (await AlertsAsync(tenant, id)).Count(a => a.Type == "failed_login_streak"));
    }

    [Fact]
    public async Task A_tenants_own_threshold_applies_and_its_admins_are_notified()
    {
        var tenant = await NewTenantAsync(Grains);
        var admin = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        await Grains.GetGrain<IUserGrain>(admin).SetMembershipAsync("admin", null, Admin(tenant));
        var member = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
        await Grains.GetGrain<ITenantGrain>(tenant).SetAlertRulesAsync(new AlertRules { BurstThreshold = 5 }, Admin(tenant));
        var user = Grains.GetGrain<IUserGrain>(member);

        await user.TrackBatchAsync([.. Enumerable.Range(0, 5).Select(i => new TrackActivity { ActivityType = "case_view", ResourceId = $"c{i}" })], tenant, AckMode.Buffered);
        Assert.DoesNotContain(await AlertsAsync(tenant, member), a => a.Type == "burst");
        await user.TrackAsync(new TrackActivity { ActivityType = "case_view", ResourceId = "c5" }, tenant);

        var burst = Assert.Single(await AlertsAsync(tenant, member), a => a.Type == "burst");
        Assert.Contains("\"threshold\": 5", burst.Evidence, StringComparison.Ordinal);
        var inbox = await Grains.GetGrain<INotificationInboxGrain>(0).ListAsync(admin, unreadOnly: true, 10, 0);
        var notice = Assert.Single(inbox.Page.Items, n => n.NotificationType == "security_alert");
        Assert.Contains("burst", notice.Title, StringComparison.Ordinal);
        Assert.DoesNotContain((await Grains.GetGrain<INotificationInboxGrain>(0).ListAsync(member, unreadOnly: true, 10, 0)).Page.Items, n => n.NotificationType == "security_alert");

        await Assert.ThrowsAsync<Errors.ValidationException>(() => Grains.GetGrain<ITenantGrain>(tenant).SetAlertRulesAsync(new AlertRules { FailedLoginLimit = 0 }, Admin(tenant)));
    }

    private async Task<IReadOnlyList<SecurityAlertView>> AlertsAsync(Guid tenant, Guid user) =>
        (await Grains.GetGrain<IAlertQueryGrain>(0).ListAsync(tenant, user, 1, 100, 0)).Items;
}
