using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// A user's rolling counters in one tenant: per type per minute for the last hour and per type
/// per hour for the last 90 days (days are sums of hours), plus the last 50 activities.
/// Rebuilt from the hourly rollup on activation; bounded by pruning on every change.
/// </summary>
public sealed class ActivityCounters
{
    public const int RetainedDays = 90;
    public const int RecentLimit = 50;

    private readonly Dictionary<(long Hour, string Type), HourBucket> _hours = [];
    private readonly Dictionary<(long Minute, string Type), int> _minutes = [];
    private readonly LinkedList<ActivityView> _recent = new();

    public DateTimeOffset? LastActivityAt { get; private set; }

    /// <summary>
    /// Counts an activity without keeping it among the recent ones (all but a batch's last 50),
    /// in the hour and minute it occurred: the rollup's hours, and the burst window as the user
    /// acted (a client syncing an offline day at once is not a burst).
    /// </summary>
    public void Count(string activityType, DateTimeOffset occurredAt, DateTimeOffset at, long tokens, decimal cost)
    {
        var hour = occurredAt.ToUnixTimeSeconds() / 3600;
        var key = (hour, activityType);
        if (!_hours.TryGetValue(key, out var bucket))
        {
            _hours[key] = bucket = new HourBucket();
        }

        bucket.Count++;
        bucket.Tokens += tokens;
        bucket.Cost += cost;
        var minute = (occurredAt.ToUnixTimeSeconds() / 60, activityType);
        _minutes[minute] = _minutes.GetValueOrDefault(minute) + 1;
        if (LastActivityAt is null || at > LastActivityAt)
        {
            LastActivityAt = at;
        }

        Prune(at);
    }

    public void AddRecent(ActivityView activity)
    {
        _recent.AddFirst(activity);
        while (_recent.Count > RecentLimit)
        {
            _recent.RemoveLast();
        }
    }

    /// <summary>Loads one hour of the rollup (activation).</summary>
    public void Load(DateTimeOffset hour, string type, long count, long tokens, decimal cost)
    {
        _hours[(hour.ToUnixTimeSeconds() / 3600, type)] = new HourBucket { Count = count, Tokens = tokens, Cost = cost };
        // The hour's start is only a lower bound; LoadRecent sets the exact time from the rows.
        if (LastActivityAt is null || hour > LastActivityAt)
        {
            LastActivityAt = hour;
        }
    }

    public void LoadRecent(IEnumerable<ActivityView> newestFirst)
    {
        foreach (var activity in newestFirst.Take(RecentLimit))
        {
            _recent.AddLast(activity);
        }

        if (_recent.First is { } newest && (LastActivityAt is null || newest.Value.ReceivedAt > LastActivityAt))
        {
            LastActivityAt = newest.Value.ReceivedAt;
        }
    }

    /// <summary>Activities of the last <paramref name="minutes"/> minutes (anomaly windows).</summary>
    public long CountLastMinutes(DateTimeOffset now, int minutes, string? type = null)
    {
        var from = now.ToUnixTimeSeconds() / 60 - minutes + 1;
        return _minutes.Where(m => m.Key.Minute >= from && (type is null || m.Key.Type == type)).Sum(m => (long)m.Value);
    }

    public ActivitySummary Summarize(DateTimeOffset now, int days)
    {
        var firstDay = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(days - 1));
        var fromHour = firstDay.ToUnixTimeSeconds() / 3600;
        var inRange = _hours.Where(h => h.Key.Hour >= fromHour).ToList();
        var daily = inRange
            .GroupBy(h => DateTimeOffset.FromUnixTimeSeconds(h.Key.Hour * 3600).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, long>(g.Key, g.Sum(h => h.Value.Count)))
            .ToList();
        var types = inRange
            .GroupBy(h => h.Key.Type)
            .Select(g => new KeyValuePair<string, long>(g.Key, g.Sum(h => h.Value.Count)))
            .OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
        var hourly = new long[24];
        foreach (var h in inRange)
        {
            hourly[(int)(h.Key.Hour % 24)] += h.Value.Count;
        }

        return new ActivitySummary
        {
            Days = days,
            TotalActivities = inRange.Sum(h => h.Value.Count),
            ActiveDays = daily.Count,
            LastActivityAt = LastActivityAt,
            DailyDistribution = daily,
            ActivityTypes = types,
            HourlyPattern = hourly,
            RecentActivities = [.. _recent.Where(a => a.ReceivedAt >= firstDay)],
            ModelTokens = inRange.Sum(h => h.Value.Tokens),
            ModelCost = inRange.Sum(h => h.Value.Cost),
        };
    }

    private void Prune(DateTimeOffset now)
    {
        var oldestHour = now.AddDays(-RetainedDays).ToUnixTimeSeconds() / 3600;
        var oldestMinute = now.ToUnixTimeSeconds() / 60 - 60;
        // Pruning scans; do it only when something is actually old enough to go.
        if (_minutes.Count > 120)
        {
            foreach (var key in _minutes.Keys.Where(k => k.Minute < oldestMinute).ToList())
            {
                _minutes.Remove(key);
            }
        }

        if (_hours.Count > 0 && _hours.Count % 64 == 0)
        {
            foreach (var key in _hours.Keys.Where(k => k.Hour < oldestHour).ToList())
            {
                _hours.Remove(key);
            }
        }
    }
}
