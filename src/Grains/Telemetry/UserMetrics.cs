using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>The seed's user metrics, on a .NET Meter that the silo exports at /metrics.</summary>
public static class UserMetrics
{
    public const string MeterName = "Lyss.UserGrains";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Operations = Meter.CreateCounter<long>("user_operations", description: "User operations by outcome");
    private static readonly Counter<long> Registrations = Meter.CreateCounter<long>("user_registrations", description: "User registrations by method");
    private static readonly Counter<long> Lifecycle = Meter.CreateCounter<long>("user_lifecycle_events", description: "User lifecycle transitions");

    public static void Operation(string operation, string status, Guid tenantId) =>
        Operations.Add(1, new TagList { { "operation", operation }, { "status", status }, { "tenant_id", tenantId.ToString() } });

    public static void Registration(string method, Guid tenantId) =>
        Registrations.Add(1, new TagList { { "method", method }, { "tenant_id", tenantId.ToString() } });

    public static void LifecycleEvent(string eventType, Guid tenantId) =>
        Lifecycle.Add(1, new TagList { { "event_type", eventType }, { "tenant_id", tenantId.ToString() } });
}
