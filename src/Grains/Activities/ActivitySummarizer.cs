using System.Globalization;
using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// An activity summary from hourly counts, in a time zone: the last <c>days</c> local days up to now,
/// per local day and local hour of day. The grain's counters (90 days) and the hourly rollup (longer
/// periods) both summarize here. Hours are UTC hours; a zone whose offset is not whole hours counts
/// each hour in the local hour it starts in.
/// </summary>
public static class ActivitySummarizer
{
    public static ActivitySummary Summarize(
        IEnumerable<(DateTimeOffset Hour, string Type, long Count, long Tokens, decimal Cost)> hours,
        IReadOnlyList<ActivityView> recentNewestFirst, DateTimeOffset? lastActivityAt, DateTimeOffset now, int days, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var firstDay = today.AddDays(-(days - 1));
        var firstInstant = new DateTimeOffset(firstDay, zone.GetUtcOffset(firstDay));
        var daily = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        var hourly = new long[24];
        var (total, tokens, cost) = (0L, 0L, 0m);
        foreach (var (hour, type, count, hourTokens, hourCost) in hours)
        {
            var local = TimeZoneInfo.ConvertTime(hour, zone);
            if (local.Date < firstDay || local.Date > today)
            {
                continue;
            }

            var day = local.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            daily[day] = daily.GetValueOrDefault(day) + count;
            types[type] = types.GetValueOrDefault(type) + count;
            hourly[local.Hour] += count;
            (total, tokens, cost) = (total + count, tokens + hourTokens, cost + hourCost);
        }

        return new ActivitySummary
        {
            Days = days,
            TotalActivities = total,
            ActiveDays = daily.Count,
            LastActivityAt = lastActivityAt,
            DailyDistribution = [.. daily],
            ActivityTypes = [.. types.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)],
            HourlyPattern = hourly,
            RecentActivities = [.. recentNewestFirst.Where(a => a.ReceivedAt >= firstInstant)],
            ModelTokens = tokens,
            ModelCost = cost,
        };
    }
}
