namespace Lyss.UserGrains.Behavior;

public static class RecommendationTypes
{
    public const string Models = "models";
    public const string Features = "features";
    public const string Settings = "settings";

    public static readonly IReadOnlyList<string> All = [Models, Features, Settings];
}
