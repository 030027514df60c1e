using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>The user_engagement_score and profile_analysis_duration_seconds.</summary>
public static class BehaviorMetrics
{
    private static readonly Histogram Engagement = Metrics.CreateHistogram(
        "user_engagement_score", "Engagement scores (0-100) as analyses record them", new HistogramConfiguration
        {
            LabelNames = ["tenant_id"],
            Buckets = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
        });

    private static readonly Histogram AnalysisDuration = Metrics.CreateHistogram(
        "profile_analysis_duration_seconds", "Time to compute a behaviour analysis, insights or recommendations", new HistogramConfiguration
        {
            LabelNames = ["analysis_type"],
            Buckets = Histogram.ExponentialBuckets(0.001, 2, 14),
        });

    public static void EngagementScore(Guid tenantId, decimal score) =>
        Engagement.WithLabels(tenantId.ToString()).Observe((double)score);

    public static void Analysis(string analysisType, TimeSpan elapsed) =>
        AnalysisDuration.WithLabels(analysisType).Observe(elapsed.TotalSeconds);
}
