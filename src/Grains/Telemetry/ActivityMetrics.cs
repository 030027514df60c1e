using System.Collections.Concurrent;
using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

public static class ActivityMetrics
{
    private static readonly Counter Activities = Metrics.CreateCounter(
        "user_activities_total", "Activities accepted", "activity_type", "tenant_id");

    // Label lookups allocate; on the hot path each (type, tenant) child is resolved once.
    private static readonly ConcurrentDictionary<(string Type, Guid Tenant), Counter.Child> Children = new();

    public static void Tracked(string activityType, Guid tenantId, int count = 1) =>
        Children.GetOrAdd((activityType, tenantId), key => Activities.WithLabels(key.Type, key.Tenant.ToString())).Inc(count);
}
