using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// The user metrics (listed in docs/architecture.md, "Metrics"), in the silo's Prometheus registry
/// (served at /metrics).
/// </summary>
public static class UserMetrics
{
    private static readonly Counter Operations = Metrics.CreateCounter(
        "user_operations_total", "User operations by outcome", "operation", "status", "tenant_id");

    private static readonly Counter Registrations = Metrics.CreateCounter(
        "user_registrations_total", "User registrations by method", "method", "tenant_id");

    private static readonly Counter Lifecycle = Metrics.CreateCounter(
        "user_lifecycle_events_total", "User lifecycle transitions", "event_type", "tenant_id");

    private static readonly Gauge ActiveUsers = Metrics.CreateGauge(
        "active_users", "Active users by login recency (daily, weekly, monthly) and in all", "period", "tenant_id");

    public static void Operation(string operation, string status, Guid tenantId) =>
        Operations.WithLabels(operation, status, tenantId.ToString()).Inc();

    public static void Registration(string method, Guid tenantId) =>
        Registrations.WithLabels(method, tenantId.ToString()).Inc();

    public static void LifecycleEvent(string eventType, Guid tenantId) =>
        Lifecycle.WithLabels(eventType, tenantId.ToString()).Inc();

    public static void SetActiveUsers(string period, Guid tenantId, long count) =>
        ActiveUsers.WithLabels(period, tenantId.ToString()).Set(count);
}
