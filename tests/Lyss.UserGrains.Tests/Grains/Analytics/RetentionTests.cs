using System.Globalization;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Analytics;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Analytics;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class RetentionTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Weekly_cohorts_count_who_joined_each_week_and_the_share_active_in_each_week_since()
    {
        var grains = fixture.Client;
        var tenant = await NewTenantAsync(grains);
        var twoWeeksAgo = TimeSpan.FromDays(-14);
        var lastWeek = TimeSpan.FromDays(-7);

        // Joined two weeks ago: a is active in all three weeks, b only in the week it joined.
        var a = await JoinAsync(twoWeeksAgo);
        var b = await JoinAsync(twoWeeksAgo);
        // Joined last week and active then and now; joined this week, one active and one not.
        var c = await JoinAsync(lastWeek);
        var d = await JoinAsync(TimeSpan.Zero);
        await JoinAsync(TimeSpan.Zero);
        await TrackAsync(a, twoWeeksAgo, lastWeek, TimeSpan.Zero);
        await TrackAsync(b, twoWeeksAgo);
        await TrackAsync(c, lastWeek, TimeSpan.Zero);
        await TrackAsync(d, TimeSpan.Zero);

        using var retention = JsonDocument.Parse(await grains.GetGrain<IAnalyticsGrain>(0).RetentionAsync(tenant, "week", 3, "UTC"));
        Assert.Equal("week", retention.RootElement.GetProperty("period").GetString());
        var cohorts = retention.RootElement.GetProperty("cohorts").EnumerateArray().Select(c =>
            $"{c.GetProperty("start").GetString()} {c.GetProperty("size").GetInt32()} "
            + string.Join('/', c.GetProperty("retention").EnumerateArray().Select(r => r.GetDecimal().ToString("0.####", CultureInfo.InvariantCulture))));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(
            [$"{Monday(now.AddDays(-14))} 2 1/0.5/0.5", $"{Monday(now.AddDays(-7))} 1 1/1", $"{Monday(now)} 2 0.5"],
            cohorts);

        async Task<Guid> JoinAsync(TimeSpan shift)
        {
            try
            {
                fixture.Clock.Offset = shift;
                return (await RegisterAsync(grains, tenant, autoActivate: true)).User.Id;
            }
            finally
            {
                fixture.Clock.Offset = TimeSpan.Zero;
            }
        }

        async Task TrackAsync(Guid user, params TimeSpan[] shifts)
        {
            foreach (var shift in shifts)
            {
                try
                {
                    fixture.Clock.Offset = shift;
                    await grains.GetGrain<IUserGrain>(user).TrackAsync(new TrackActivity { ActivityType = "case_view", Ack = AckMode.Durable }, tenant);
                }
                finally
                {
                    fixture.Clock.Offset = TimeSpan.Zero;
                }
            }
        }
    }

    /// <summary>The ISO week's Monday of an instant, in UTC.</summary>
    private static string Monday(DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
