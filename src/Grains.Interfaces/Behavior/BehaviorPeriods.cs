namespace Lyss.UserGrains.Behavior;

/// <summary>The analysis periods and their lengths in days.</summary>
public static class BehaviorPeriods
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";

    public static readonly IReadOnlyDictionary<string, int> Days = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [Daily] = 1,
        [Weekly] = 7,
        [Monthly] = 30,
        [Quarterly] = 90,
    };
}
