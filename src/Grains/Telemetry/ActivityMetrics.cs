using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

public static class ActivityMetrics
{
    private static readonly Counter Activities = Metrics.CreateCounter(
        "user_activities_total", "Activities accepted", "activity_type", "tenant_id");

    public static void Tracked(string activityType, Guid tenantId, int count = 1) =>
        Activities.WithLabels(activityType, tenantId.ToString()).Inc(count);
}
