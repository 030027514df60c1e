using System.Runtime.InteropServices;
using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// A user's rolling counters in one tenant: per type per hour for the last 90 days (days are
/// sums of hours), all activities per minute for the last hour (the burst window), and the last
/// 50 activities. Rebuilt from the hourly rollup on activation; bounded by pruning on every change
/// and laid out as structs, since every active user holds one.
/// </summary>
public sealed class ActivityCounters(Guid tenantId)
{
    public const int RetainedDays = 90;
    public const int RecentLimit = RecentActivities.Capacity;
    private const int MinutesKept = 60;

    private readonly Dictionary<(long Hour, string Type), HourBucket> _hours = [];
    // The newest minute inline (the common case: a user acts within one minute), older ones in a list made on need.
    private long _minute = long.MinValue;
    private int _minuteCount;
    private List<(long Minute, int Count)>? _minutes;
    private readonly RecentActivities _recent = new();

    public Guid TenantId => tenantId;

    public DateTimeOffset? LastActivityAt { get; private set; }

    /// <summary>
    /// Counts an activity without keeping it among the recent ones (all but a batch's last 50),
    /// in the hour and minute it occurred: the rollup's hours, and the burst window as the user
    /// acted (a client syncing an offline day at once is not a burst).
    /// </summary>
    public void Count(string activityType, DateTimeOffset occurredAt, DateTimeOffset at, long tokens, decimal cost)
    {
        var hour = occurredAt.ToUnixTimeSeconds() / 3600;
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_hours, (hour, StringPool.Shared(activityType)), out _);
        bucket.Count++;
        bucket.Tokens += tokens;
        bucket.CostMicros += HourBucket.Micros(cost);
        CountMinute(occurredAt.ToUnixTimeSeconds() / 60, at.ToUnixTimeSeconds() / 60);
        if (LastActivityAt is null || at > LastActivityAt)
        {
            LastActivityAt = at;
        }

        Prune(at);
    }

    /// <summary>Makes room for a batch's recent activities at once.</summary>
    public void ReserveRecent(int count) => _recent.Reserve(count);

    public void AddRecent(RecentEntry activity) => _recent.Add(activity);

    /// <summary>Loads one hour of the rollup (activation).</summary>
    public void Load(DateTimeOffset hour, string type, long count, long tokens, decimal cost)
    {
        _hours[(hour.ToUnixTimeSeconds() / 3600, StringPool.Shared(type))] = new HourBucket { Count = count, Tokens = tokens, CostMicros = HourBucket.Micros(cost) };
        // The hour's start is only a lower bound; LoadRecent sets the exact time from the rows.
        if (LastActivityAt is null || hour > LastActivityAt)
        {
            LastActivityAt = hour;
        }
    }

    public void LoadRecent(IEnumerable<ActivityView> newestFirst)
    {
        var oldestFirst = newestFirst.Take(RecentLimit).Reverse().ToList();
        _recent.Reserve(oldestFirst.Count);
        foreach (var activity in oldestFirst)
        {
            _recent.Add(RecentActivities.From(activity));
        }

        if (_recent.Newest is { } newest && (LastActivityAt is null || newest.ReceivedTicks > LastActivityAt.Value.UtcTicks))
        {
            LastActivityAt = new DateTimeOffset(newest.ReceivedTicks, TimeSpan.Zero);
        }
    }

    /// <summary>Activities that occurred in the last <paramref name="minutes"/> minutes (anomaly windows).</summary>
    public long CountLastMinutes(DateTimeOffset now, int minutes)
    {
        var from = now.ToUnixTimeSeconds() / 60 - minutes + 1;
        long total = _minute >= from ? _minuteCount : 0;
        foreach (var (minute, count) in _minutes ?? [])
        {
            total += minute >= from ? count : 0;
        }

        return total;
    }

    /// <summary>The last <paramref name="days"/> days in <paramref name="zone"/> from what memory holds (up to <see cref="RetainedDays"/> UTC days).</summary>
    public ActivitySummary Summarize(DateTimeOffset now, int days, TimeZoneInfo zone) =>
        ActivitySummarizer.Summarize(
            _hours.Select(h => (DateTimeOffset.FromUnixTimeSeconds(h.Key.Hour * 3600), h.Key.Type, h.Value.Count, h.Value.Tokens, h.Value.Cost)),
            RecentViews(), LastActivityAt, now, days, zone);

    /// <summary>The recent activities held in memory, newest first.</summary>
    public IReadOnlyList<ActivityView> RecentViews() => [.. _recent.NewestFirst().Select(a => RecentActivities.ToView(a, tenantId))];

    private void CountMinute(long minute, long nowMinute)
    {
        if (minute < nowMinute - MinutesKept)
        {
            return;
        }

        if (minute == _minute)
        {
            _minuteCount++;
            return;
        }

        if (minute > _minute)
        {
            if (_minuteCount > 0)
            {
                (_minutes ??= []).Add((_minute, _minuteCount));
            }

            (_minute, _minuteCount) = (minute, 1);
            return;
        }

        // An older minute (activities arriving out of order): keep the list ordered.
        var list = _minutes ??= [];
        var i = list.Count - 1;
        while (i >= 0 && list[i].Minute > minute)
        {
            i--;
        }

        if (i >= 0 && list[i].Minute == minute)
        {
            list[i] = (minute, list[i].Count + 1);
        }
        else
        {
            list.Insert(i + 1, (minute, 1));
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var oldestMinute = now.ToUnixTimeSeconds() / 60 - MinutesKept;
        if (_minutes is { Count: > 0 } list)
        {
            var stale = 0;
            while (stale < list.Count && list[stale].Minute < oldestMinute)
            {
                stale++;
            }

            list.RemoveRange(0, stale);
            if (list.Count == 0)
            {
                _minutes = null;
            }
        }

        // Pruning hours scans; do it only every 64th distinct hour.
        if (_hours.Count > 0 && _hours.Count % 64 == 0)
        {
            var oldestHour = now.AddDays(-RetainedDays).ToUnixTimeSeconds() / 3600;
            foreach (var key in _hours.Keys.Where(k => k.Hour < oldestHour).ToList())
            {
                _hours.Remove(key);
            }
        }
    }
}
