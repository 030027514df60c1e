using System.Diagnostics.Metrics;
using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// Which .NET meters /metrics republishes. Every instrument reaching the Prometheus adapter costs a
/// label lookup per measurement; those measured per placement retry (Polly), per SQL statement
/// (Npgsql's operation duration) or per message (Orleans' message sizes) took ~7 % of a silo's CPU in
/// bulk onboarding (docs/benchmarks.md) and tell an operator less than the per-call and per-store
/// latencies that stay.
/// </summary>
public static class MeterSelection
{
    public static bool Publish(Instrument instrument) =>
        !instrument.Meter.Name.StartsWith("Polly", StringComparison.Ordinal)
        && instrument.Name is not ("db.client.operation.duration" or "orleans-messaging-sent-messages-size" or "orleans-messaging-received-messages-size");

    /// <summary>Applies the selection; call at start-up, before the first metric is written.</summary>
    public static void Apply() => Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = Publish);
}
