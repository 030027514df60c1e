using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Analytics;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Analytics;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ActiveUsersTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Dau_wau_and_mau_count_each_user_once_in_the_windows_their_activity_falls_in()
    {
        var grains = fixture.Client;
        var tenant = await NewTenantAsync(grains);
        var today = (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;
        var thisWeek = (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;
        var thisMonth = (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;
        var lastQuarter = (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;

        // The grains' clock is moved back so each user's activity happens in the past of PostgreSQL's now(),
        // which is what the rollup windows are measured from. Three actions each: a user counts once.
        await TrackAsync(today, TimeSpan.Zero);
        await TrackAsync(thisWeek, TimeSpan.FromDays(-3));
        await TrackAsync(thisMonth, TimeSpan.FromDays(-20));
        await TrackAsync(lastQuarter, TimeSpan.FromDays(-45));

        using var active = JsonDocument.Parse(await grains.GetGrain<IAnalyticsGrain>(0).ActiveUsersAsync(tenant));
        Assert.Equal(1, active.RootElement.GetProperty("dau").GetInt32());
        Assert.Equal(2, active.RootElement.GetProperty("wau").GetInt32());
        Assert.Equal(3, active.RootElement.GetProperty("mau").GetInt32());
        Assert.Equal(0.3333, active.RootElement.GetProperty("stickiness").GetDouble());

        async Task TrackAsync(Guid user, TimeSpan shift)
        {
            try
            {
                fixture.Clock.Offset = shift;
                var grain = grains.GetGrain<IUserGrain>(user);
                for (var i = 0; i < 3; i++)
                {
                    await grain.TrackAsync(new TrackActivity { ActivityType = "case_view", ResourceId = $"case-{i}", Ack = AckMode.Durable }, tenant);
                }
            }
            finally
            {
                fixture.Clock.Offset = TimeSpan.Zero;
            }
        }
    }

    [Fact]
    public async Task Dau_counts_from_the_start_of_today_in_the_zone_asked()
    {
        var grains = fixture.Client;
        var tenant = await NewTenantAsync(grains);
        var user = (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;

        // Today began at different instants in UTC and in Shanghai (8 or 16 hours apart): an action two
        // hours before the later start is today in the zone that started earlier only.
        var now = DateTimeOffset.UtcNow;
        var utcStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(now, shanghai);
        var shanghaiStart = new DateTimeOffset(local.Date, local.Offset);
        var at = (utcStart > shanghaiStart ? utcStart : shanghaiStart).AddHours(-2);
        try
        {
            fixture.Clock.Offset = at - now;
            await grains.GetGrain<IUserGrain>(user).TrackAsync(new TrackActivity { ActivityType = "case_view", Ack = AckMode.Durable }, tenant);
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }

        var analytics = grains.GetGrain<IAnalyticsGrain>(0);
        using var inUtc = JsonDocument.Parse(await analytics.ActiveUsersAsync(tenant));
        using var inShanghai = JsonDocument.Parse(await analytics.ActiveUsersAsync(tenant, "Asia/Shanghai"));
        var expected = utcStart > shanghaiStart ? (0, 1) : (1, 0);
        Assert.Equal(expected, (inUtc.RootElement.GetProperty("dau").GetInt32(), inShanghai.RootElement.GetProperty("dau").GetInt32()));
        Assert.Equal(1, inShanghai.RootElement.GetProperty("mau").GetInt32());
        await Assert.ThrowsAsync<Lyss.UserGrains.Errors.ValidationException>(() => analytics.ActiveUsersAsync(tenant, "China Standard Time"));
    }
}
