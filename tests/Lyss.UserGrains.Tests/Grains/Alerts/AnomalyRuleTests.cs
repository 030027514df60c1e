using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Alerts;

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

    private async Task<IReadOnlyList<SecurityAlertView>> AlertsAsync(Guid tenant, Guid user) =>
        (await Grains.GetGrain<IAlertQueryGrain>(0).ListAsync(tenant, user, 1, 100, 0)).Items;
}
