namespace Lyss.UserGrains.Behavior;

/// <summary>What an analysis needs from the user grain: time zone, language, preferences.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.AnalysisSubject")]
public sealed record AnalysisSubject
{
    [Id(0)] public required string TimeZone { get; init; }
    [Id(1)] public string? Language { get; init; }
    /// <summary>Category → key → JSON value, defaults filled in.</summary>
    [Id(2)] public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Preferences { get; init; }
    /// <summary>The time zone the profile names, if any (TimeZone falls back to the ui.timezone preference).</summary>
    [Id(3)] public string? ProfileTimeZone { get; init; }
}
