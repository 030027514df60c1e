using System.Globalization;
using Lyss.UserGrains.Behavior;

namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>Insights: trends across periods, peers, suggestions, a summary.</summary>
public static class InsightsCalculator
{
    private const double StableBand = 10;

    public static UserInsights Build(BehaviorAnalysis weekly, BehaviorAnalysis monthly, BehaviorAnalysis quarterly, PeerFigures peers, int observedDays, DateTimeOffset now)
    {
        var trends = Trends(weekly, monthly, quarterly, observedDays);
        var comparison = new PeerComparison
        {
            Peers = (int)peers.Peers,
            EngagementPercentile = peers.Peers == 0 ? null : BehaviorCalculator.Round(100.0 * peers.LowerScore / peers.Peers),
            ActivityPercentile = peers.Peers == 0 ? null : BehaviorCalculator.Round(100.0 * peers.LowerActivity / peers.Peers),
            PeerAverageScore = peers.AverageScore,
            PeerAverageActivity = peers.AverageActivity is { } a ? BehaviorCalculator.Round(a) : null,
        };
        return new UserInsights
        {
            UserId = monthly.UserId,
            GeneratedAt = now,
            CurrentPeriod = monthly,
            Trends = trends,
            PeerComparison = comparison,
            ImprovementSuggestions = Suggestions(monthly, trends),
            InsightsSummary = Summary(monthly, trends, comparison),
        };
    }

    /// <summary>
    /// Daily rates per period. A period longer than the user's history is divided by the days
    /// observed (since the first activity on record), so a user who started last week is compared
    /// with their own week, not with 83 empty days before they existed.
    /// </summary>
    public static List<TrendItem> Trends(BehaviorAnalysis weekly, BehaviorAnalysis monthly, BehaviorAnalysis quarterly, int observedDays)
    {
        TrendItem Trend(string metric, Func<BehaviorAnalysis, double> total)
        {
            double Rate(BehaviorAnalysis a) => BehaviorCalculator.Round(total(a) / Math.Clamp(observedDays, 1, a.Days));
            var (w, m, q) = (Rate(weekly), Rate(monthly), Rate(quarterly));
            double? change = q == 0 ? null : BehaviorCalculator.Round((w - q) / q * 100);
            var direction = change is null ? (w > 0 ? "new" : "stable") : change > StableBand ? "up" : change < -StableBand ? "down" : "stable";
            return new TrendItem { Metric = metric, Weekly = w, Monthly = m, Quarterly = q, ChangePercent = change, Direction = direction };
        }

        return
        [
            Trend("activities_per_day", a => a.ActivityStats.TotalActivities),
            Trend("messages_per_day", a => a.ActivityStats.TotalMessages),
            Trend("sessions_per_day", a => a.ActivityStats.TotalSessions),
            Trend("tokens_per_day", a => a.ActivityStats.TotalTokens),
            Trend("active_day_ratio", a => a.ActivityStats.ActiveDays),
        ];
    }

    public static List<Suggestion> Suggestions(BehaviorAnalysis monthly, IReadOnlyList<TrendItem> trends)
    {
        var e = monthly.EngagementScore;
        var s = monthly.ActivityStats;
        var list = new List<Suggestion>();
        if (e.ActiveDays < 15)
        {
            list.Add(new() { Code = "more_active_days", Message = $"You were active on {s.ActiveDays} of the last 30 days; each further active day adds 3 points to your engagement score (up to 30)." });
        }

        if (s.TotalSessions > 0 && e.ConversationDepth < 12.5m)
        {
            list.Add(new() { Code = "deeper_conversations", Message = $"Your conversations average {F(monthly.ConversationPatterns.AvgMessagesPerConversation)} messages; follow-up questions (5 or more per conversation) get more out of each session." });
        }

        if (s.TotalSessions > 0 && e.SessionDuration < 10)
        {
            list.Add(new() { Code = "longer_sessions", Message = $"Your sessions last {F(s.AvgSessionDuration)} minutes on average; working through a task in one session (10 minutes or more) keeps its context together." });
        }

        if (s.ActiveDays > 0 && e.Consistency < 12.5m)
        {
            list.Add(new() { Code = "regular_sessions", Message = $"You hold {F(s.AvgSessionsPerDay)} sessions per active day; a short session on each working day builds a routine." });
        }

        if (monthly.ModelUsage.UniqueModelsUsed == 1)
        {
            list.Add(new() { Code = "try_other_models", Message = $"All your model calls went to {monthly.ModelUsage.FavoriteModel}; see the model recommendations for what colleagues use." });
        }

        if (monthly.FeaturePreferences.Count < 2)
        {
            list.Add(new() { Code = "explore_features", Message = "You used fewer than two features in the last 30 days; the feature recommendations list what colleagues use." });
        }

        if (trends.FirstOrDefault(t => t.Metric == "activities_per_day") is { Direction: "down", ChangePercent: { } drop })
        {
            list.Add(new() { Code = "activity_declining", Message = $"Your daily activity this week is {F(-drop)} % below your 90-day average." });
        }

        if (list.Count == 0)
        {
            list.Add(new() { Code = "keep_going", Message = "Your engagement is strong on every measure; keep it up." });
        }

        return list;
    }

    private static string Summary(BehaviorAnalysis monthly, IReadOnlyList<TrendItem> trends, PeerComparison peers)
    {
        var activity = trends.First(t => t.Metric == "activities_per_day");
        var trend = activity.Direction switch
        {
            "up" => $"up {F(activity.ChangePercent ?? 0)} % this week against the 90-day average",
            "down" => $"down {F(-(activity.ChangePercent ?? 0))} % this week against the 90-day average",
            "new" => "new this week",
            _ => "steady against the 90-day average",
        };
        var standing = peers.EngagementPercentile is { } p ? $"; a higher score than {F(p)} % of {peers.Peers} analysed colleagues" : "";
        return $"Engagement {F((double)monthly.EngagementScore.Score)}/100 over the last 30 days, activity {trend}{standing}.";
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
