using System.Globalization;
using System.Text.Json;
using Lyss.UserGrains.Behavior;

namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>Recommendations with reasons: deterministic for the same data.</summary>
public static class RecommendationCalculator
{
    /// <summary>Models or features other members use and this user does not, similar members first.</summary>
    public static List<Recommendation> FromCandidates(IReadOnlyList<CandidateRow> candidates, string noun, string? userFavourite)
    {
        return [.. candidates.Select(c => new Recommendation
        {
            Item = c.Name,
            Score = BehaviorCalculator.Round((double)c.Users / Math.Max(c.Peers, 1)),
            Reason = $"Used by {c.Users} of {c.Peers} colleagues who used any {noun} in the last 30 days"
                + (c.SimilarUsers > 0 ? $", {c.SimilarUsers} of them also using {noun}s you use" + (userFavourite is null ? "" : $" such as {userFavourite}") : "")
                + "; you have not used it.",
        })];
    }

    /// <summary>Settings that fit the user's active hours, language, time zone and habits (last 30 days).</summary>
    public static List<Recommendation> Settings(BehaviorAnalysis monthly, AnalysisSubject subject)
    {
        var list = new List<Recommendation>();
        string Current(string category, string key) => subject.Preferences.TryGetValue(category, out var c) && c.TryGetValue(key, out var v) ? v : "null";

        var night = BehaviorCalculator.NightShare(monthly.ActiveHours.Hourly);
        if (night >= 0.4 && Current("ui", "theme") != "\"dark\"")
        {
            list.Add(new()
            {
                Item = "ui.theme",
                Value = "\"dark\"",
                Score = BehaviorCalculator.Round(night),
                Reason = $"{BehaviorCalculator.Percent(night)} % of your activity in the last 30 days was between 19:00 and 07:00 ({monthly.ActiveHours.TimeZone}).",
            });
        }

        var usage = monthly.ModelUsage;
        if (usage.FavoriteModel is { } favourite && usage.Models[0].Percentage >= 50 && Current("model", "default_model") != JsonSerializer.Serialize(favourite))
        {
            list.Add(new()
            {
                Item = "model.default_model",
                Value = JsonSerializer.Serialize(favourite),
                Score = BehaviorCalculator.Round(usage.Models[0].Percentage / 100),
                Reason = $"{favourite} served {usage.Models[0].Percentage.ToString("0.##", CultureInfo.InvariantCulture)} % of your {usage.TotalModelCalls} model calls in the last 30 days.",
            });
        }

        if (subject.Language is { } language && Current("ui", "language") != JsonSerializer.Serialize(language))
        {
            list.Add(new()
            {
                Item = "ui.language",
                Value = JsonSerializer.Serialize(language),
                Score = 1,
                Reason = $"Your profile's language is {language} but the interface is set to {Current("ui", "language")}.",
            });
        }

        if (subject.ProfileTimeZone is { } zone && Current("ui", "timezone") != JsonSerializer.Serialize(zone))
        {
            list.Add(new()
            {
                Item = "ui.timezone",
                Value = JsonSerializer.Serialize(zone),
                Score = 1,
                Reason = $"Your profile's time zone is {zone} but the interface shows times in {Current("ui", "timezone")}.",
            });
        }

        var depth = monthly.ConversationPatterns.AvgMessagesPerConversation;
        if (depth >= 20 && Current("ui", "compact_mode") != "true")
        {
            list.Add(new()
            {
                Item = "ui.compact_mode",
                Value = "true",
                Score = BehaviorCalculator.Round(Math.Min(depth / 40, 1)),
                Reason = $"Your conversations average {depth.ToString("0.##", CultureInfo.InvariantCulture)} messages; the compact layout shows more of a long conversation at once.",
            });
        }

        return [.. list.OrderByDescending(r => r.Score).ThenBy(r => r.Item, StringComparer.Ordinal)];
    }
}
