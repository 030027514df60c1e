using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// Counts the grain calls each silo receives by where they came from — a client (the gateway), a grain
/// on the same silo, or one on another silo — as <c>grain_calls_total{origin}</c>: the share of calls
/// that cross silos, which scale-out measurements report. Outgoing calls from this silo carry its
/// address in the request context. Off unless <c>Lyss:Silo:CountCallOrigins</c>: one more request
/// context entry and two filters on every call.
/// </summary>
public sealed class CallOriginFilter(ILocalSiloDetails silo) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    private const string Key = "lyss.origin-silo";

    private static readonly Counter Calls = Metrics.CreateCounter("grain_calls_total", "Grain calls received by this silo, by origin: client, local (same silo) or remote (another silo)", "origin");
    private static readonly Counter.Child FromClient = Calls.WithLabels("client");
    private static readonly Counter.Child FromLocal = Calls.WithLabels("local");
    private static readonly Counter.Child FromRemote = Calls.WithLabels("remote");

    private readonly string _self = silo.SiloAddress.ToParsableString();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        (RequestContext.Get(Key) switch
        {
            null => FromClient,
            string origin when origin == _self => FromLocal,
            _ => FromRemote,
        }).Inc();
        return context.Invoke();
    }

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(Key, _self);
        return context.Invoke();
    }
}
