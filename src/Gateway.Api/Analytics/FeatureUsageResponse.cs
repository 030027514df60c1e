namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record FeatureUsageResponse(IReadOnlyList<FeatureUsage> Features);
