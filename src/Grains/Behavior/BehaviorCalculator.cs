using System.Globalization;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Behavior;

namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>
/// Behaviour analysis as pure functions of what <see cref="BehaviorStore"/> read:
/// the same data and clock give the same answer. A period is the last N days: hourly rollup rows
/// from the hour N days ago, sessions started since then, daily usage from that day.
/// </summary>
public static class BehaviorCalculator
{
    public static BehaviorAnalysis Analyze(Guid tenantId, Guid userId, string period, BehaviorData data, AnalysisSubject subject, DateTimeOffset now)
    {
        var days = BehaviorPeriods.Days[period];
        var from = now.AddDays(-days);
        var fromHour = new DateTime(from.UtcTicks - from.UtcTicks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
        var hours = data.Hours.Where(h => h.Hour >= fromHour).ToList();
        var sessions = data.Sessions.Where(s => s.StartedAt >= from.UtcDateTime).ToList();
        var usage = data.Usage.Where(u => u.Day >= from.UtcDateTime.Date).ToList();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(subject.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

        var stats = Stats(hours, sessions);
        var patterns = Patterns(sessions);
        var models = Models(usage);
        var activeHours = Hours(hours, zone);
        var engagement = Engagement(stats, patterns);
        var quarter = data.Hours;
        return new BehaviorAnalysis
        {
            UserId = userId,
            TenantId = tenantId,
            Period = period,
            Days = days,
            From = from,
            AnalyzedAt = now,
            ActivityStats = stats,
            ModelUsage = models,
            ConversationPatterns = patterns,
            ActiveHours = activeHours,
            FeaturePreferences = Shares(usage.Where(u => u.Kind == "feature").GroupBy(u => u.Name).Select(g => (g.Key, g.Sum(u => u.Uses)))),
            ActivityTypes = Shares(hours.GroupBy(h => h.ActivityType).Select(g => (g.Key, g.Sum(h => h.Activities)))),
            UserTags = Tags(stats, patterns, models, activeHours, days),
            EngagementScore = engagement,
            Profile = Profile(quarter, data.Alerts, zone),
        };
    }

    /// <summary>Whole days from the first activity on record (at most 90 days back) through today, at least one.</summary>
    public static int ObservedDays(BehaviorData data, DateTimeOffset now) =>
        data.Hours.Count == 0 ? 1 : Math.Max(1, (int)Math.Ceiling((now.UtcDateTime - data.Hours.Min(h => h.Hour)).TotalDays));

    public static ActivityStats Stats(IReadOnlyList<HourRow> hours, IReadOnlyList<SessionRow> sessions)
    {
        var activeDays = hours.Select(h => h.Hour.Date).Distinct().Count();
        var messages = hours.Where(h => h.ActivityType == ActivityTypes.ChatMessage).Sum(h => h.Activities);
        return new ActivityStats
        {
            TotalActivities = hours.Sum(h => h.Activities),
            TotalSessions = sessions.Count,
            TotalMessages = messages,
            AvgSessionDuration = sessions.Count == 0 ? 0 : Round(sessions.Average(s => (double)s.DurationMinutes)),
            ActiveDays = activeDays,
            AvgSessionsPerDay = Round((double)sessions.Count / Math.Max(activeDays, 1)),
            AvgMessagesPerSession = Round((double)messages / Math.Max(sessions.Count, 1)),
            TotalTokens = hours.Sum(h => h.Tokens),
            TotalCost = hours.Sum(h => h.Cost),
            ActiveMinutes = sessions.Sum(s => (long)Math.Max(s.DurationMinutes, 1)),
        };
    }

    public static ConversationPatterns Patterns(IReadOnlyList<SessionRow> sessions) => new()
    {
        PopularTopics = Shares(sessions.Where(s => s.Topic is not null).GroupBy(s => s.Topic!).Select(g => (g.Key, (long)g.Count())), 10),
        LengthDistribution = new LengthDistribution
        {
            Short = sessions.Count(s => s.MessageCount <= 5),
            Medium = sessions.Count(s => s.MessageCount is > 5 and <= 20),
            Long = sessions.Count(s => s.MessageCount > 20),
        },
        AvgMessagesPerConversation = Round((double)sessions.Sum(s => (long)s.MessageCount) / Math.Max(sessions.Count, 1)),
    };

    public static ModelUsageStats Models(IReadOnlyList<UsageRow> usage)
    {
        var models = usage.Where(u => u.Kind == "model")
            .GroupBy(u => u.Name)
            .Select(g => (
                Name: g.Key, Uses: g.Sum(u => u.Uses), Tokens: g.Sum(u => u.Tokens), Cost: g.Sum(u => u.Cost),
                Provider: g.Where(u => u.Provider is not null).MaxBy(u => u.Day)?.Provider,
                Responses: g.Sum(u => u.Responses), Seconds: g.Sum(u => u.ResponseSeconds)))
            .OrderByDescending(m => m.Uses).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        var total = models.Sum(m => m.Uses);
        return new ModelUsageStats
        {
            Models = [.. models.Select(m => new ModelUsageItem
            {
                Model = m.Name,
                UsageCount = m.Uses,
                TotalTokens = m.Tokens,
                TotalCost = m.Cost,
                Percentage = Round(100.0 * m.Uses / Math.Max(total, 1)),
                Provider = m.Provider,
                AvgResponseTime = m.Responses == 0 ? null : Math.Round(m.Seconds / m.Responses, 3),
                ResponsesTimed = m.Responses,
            })],
            FavoriteModel = models.Count == 0 ? null : models[0].Name,
            TotalModelCalls = total,
            UniqueModelsUsed = models.Count,
        };
    }

    public static ActiveHours Hours(IReadOnlyList<HourRow> hours, TimeZoneInfo zone)
    {
        var hourly = new long[24];
        foreach (var h in hours)
        {
            hourly[TimeZoneInfo.ConvertTimeFromUtc(h.Hour, zone).Hour] += h.Activities;
        }

        return new ActiveHours
        {
            TimeZone = zone.Id,
            Hourly = hourly,
            PeakHours = [.. Enumerable.Range(0, 24).Where(i => hourly[i] > 0).OrderByDescending(i => hourly[i]).ThenBy(i => i).Take(3)],
        };
    }

    /// <summary>The engagement score: four capped parts, the total rounded to two decimals.</summary>
    public static EngagementScore Engagement(ActivityStats stats, ConversationPatterns patterns)
    {
        var activity = Math.Min(stats.ActiveDays * 3.0, 30);
        var duration = Math.Min(stats.AvgSessionDuration / 10 * 20, 20);
        var depth = Math.Min(patterns.AvgMessagesPerConversation / 5 * 25, 25);
        var consistency = Math.Min(stats.AvgSessionsPerDay * 10, 25);
        return new EngagementScore
        {
            Score = Dec(Math.Min(activity + duration + depth + consistency, 100)),
            ActiveDays = Dec(activity),
            SessionDuration = Dec(duration),
            ConversationDepth = Dec(depth),
            Consistency = Dec(consistency),
        };
    }

    /// <summary>The behaviour profile over the last 90 days.</summary>
    public static BehaviorProfile Profile(IReadOnlyList<HourRow> quarter, IReadOnlyList<AlertRow> alerts, TimeZoneInfo zone)
    {
        var total = quarter.Sum(h => h.Activities);
        var risk = alerts.Sum(a => a.Severity switch { "high" => 30, "medium" => 15, _ => 5 });
        return new BehaviorProfile
        {
            ActivityLevel = total > 100 ? "high" : "low",
            PrimaryFunctions = [.. quarter.GroupBy(h => h.ActivityType)
                .Select(g => (Type: g.Key, Count: g.Sum(h => h.Activities)))
                .OrderByDescending(t => t.Count).ThenBy(t => t.Type, StringComparer.Ordinal)
                .Take(3).Select(t => t.Type)],
            UsagePattern = Pattern(Hours(quarter, zone).Hourly),
            RiskScore = Math.Min(risk, 100),
        };
    }

    /// <summary>business_hours (≥ 60 % at 09-17 local), evening (≥ 40 % at 18-21), night (≥ 40 % at 22-05), else mixed.</summary>
    public static string Pattern(IReadOnlyList<long> hourly)
    {
        var total = hourly.Sum();
        if (total == 0)
        {
            return "none";
        }

        double Share(int fromHour, int count) => (double)Enumerable.Range(fromHour, count).Sum(h => hourly[h % 24]) / total;
        return Share(9, 9) >= 0.6 ? "business_hours" : Share(18, 4) >= 0.4 ? "evening" : Share(22, 8) >= 0.4 ? "night" : "mixed";
    }

    /// <summary>Share (0-1) of activity between 19:00 and 07:00 local time.</summary>
    public static double NightShare(IReadOnlyList<long> hourly)
    {
        var total = hourly.Sum();
        return total == 0 ? 0 : (double)Enumerable.Range(19, 12).Sum(h => hourly[h % 24]) / total;
    }

    private static List<string> Tags(ActivityStats stats, ConversationPatterns patterns, ModelUsageStats models, ActiveHours hours, int days)
    {
        var tags = new List<string>();
        var activeShare = (double)stats.ActiveDays / days;
        tags.Add(stats.ActiveDays == 0 ? "inactive" : activeShare >= 0.6 ? "highly_active" : activeShare <= 0.2 && days >= 7 ? "occasional" : "regular");
        if (stats.TotalSessions > 0)
        {
            tags.Add(patterns.AvgMessagesPerConversation >= 10 ? "deep_conversations" : patterns.AvgMessagesPerConversation <= 3 ? "quick_questions" : "balanced_conversations");
        }

        if (models.UniqueModelsUsed >= 3)
        {
            tags.Add("model_explorer");
        }
        else if (models.UniqueModelsUsed == 1)
        {
            tags.Add("single_model");
        }

        if (stats.ActiveDays > 0 && stats.TotalTokens / stats.ActiveDays >= 50_000)
        {
            tags.Add("heavy_token_user");
        }

        var pattern = Pattern(hours.Hourly);
        if (pattern is "night" or "evening" or "business_hours")
        {
            tags.Add(pattern == "night" ? "night_owl" : pattern);
        }

        return tags;
    }

    private static List<UsageItem> Shares(IEnumerable<(string Name, long Uses)> items, int limit = int.MaxValue)
    {
        var list = items.OrderByDescending(i => i.Uses).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        var total = list.Sum(i => i.Uses);
        return [.. list.Take(limit).Select(i => new UsageItem { Name = i.Name, Uses = i.Uses, Percentage = Round(100.0 * i.Uses / Math.Max(total, 1)) })];
    }

    public static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal Dec(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture);
}
