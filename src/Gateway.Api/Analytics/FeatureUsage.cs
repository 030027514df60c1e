namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record FeatureUsage(string Action, long UsageCount, long UserCount);
