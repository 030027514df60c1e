using Lyss.UserGrains.Grains.Activities;
using Microsoft.Extensions.Time.Testing;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>Summaries bucketed by local day and hour, on a fake clock (no cluster, no database).</summary>
public sealed class ActivitySummarizerTests
{
    // 2026-12-03 02:30 in Shanghai (UTC+8).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 18, 30, 0, TimeSpan.Zero));
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static (DateTimeOffset, string, long, long, decimal) Hour(int day, int hour, long count, string type = "case_view") =>
        (new DateTimeOffset(2026, 12, day, hour, 0, 0, TimeSpan.Zero), type, count, 0, 0m);

    [Fact]
    public void The_same_hours_fall_on_other_days_and_hours_in_another_zone()
    {
        (DateTimeOffset, string, long, long, decimal)[] hours = [Hour(2, 15, 2), Hour(2, 17, 3, "login"), Hour(1, 10, 1)];

        var utc = ActivitySummarizer.Summarize(hours, [], null, _clock.GetUtcNow(), 1, TimeZoneInfo.Utc);
        Assert.Equal([new KeyValuePair<string, long>("2026-12-02", 5)], utc.DailyDistribution);
        Assert.Equal((2, 3), (utc.HourlyPattern[15], utc.HourlyPattern[17]));

        // In Shanghai 15:00Z is 23:00 on the 2nd and 17:00Z is 01:00 on the 3rd, "today": only the login is today's.
        var local = ActivitySummarizer.Summarize(hours, [], null, _clock.GetUtcNow(), 1, Shanghai);
        Assert.Equal([new KeyValuePair<string, long>("2026-12-03", 3)], local.DailyDistribution);
        Assert.Equal(3, local.HourlyPattern[1]);
        Assert.Equal(3, local.TotalActivities);

        var twoDays = ActivitySummarizer.Summarize(hours, [], null, _clock.GetUtcNow(), 2, Shanghai);
        Assert.Equal(
            [new KeyValuePair<string, long>("2026-12-02", 2), new KeyValuePair<string, long>("2026-12-03", 3)],
            twoDays.DailyDistribution);
        Assert.Equal((2, 3), (twoDays.HourlyPattern[23], twoDays.HourlyPattern[1]));
        Assert.Equal([new KeyValuePair<string, long>("login", 3), new KeyValuePair<string, long>("case_view", 2)], twoDays.ActivityTypes);
    }

    [Fact]
    public void Hours_before_the_first_local_day_or_after_now_are_left_out()
    {
        var summary = ActivitySummarizer.Summarize([Hour(1, 15, 7), Hour(1, 16, 1), Hour(4, 0, 9)], [], null, _clock.GetUtcNow(), 2, Shanghai);
        // The first local day is the 2nd in Shanghai, which began at 16:00Z on the 1st; the 4th is tomorrow.
        Assert.Equal([new KeyValuePair<string, long>("2026-12-02", 1)], summary.DailyDistribution);
        Assert.Equal(1, summary.ActiveDays);
    }
}
