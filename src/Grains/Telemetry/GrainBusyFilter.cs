using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// Seconds each grain type spends in calls, summed over its activations: for a non-reentrant grain
/// the time it was busy, so one activation's share of a run (a tenant grain during bulk onboarding)
/// reads as the counter's increase over the run's length. Interleaving reads overlap and count twice.
/// </summary>
public sealed class GrainBusyFilter : IIncomingGrainCallFilter
{
    private static readonly Counter Busy = Metrics.CreateCounter(
        "grain_busy_seconds_total", "Seconds spent in grain calls by grain type", "grain_type");

    private static readonly ConcurrentDictionary<GrainType, Counter.Child> ByType = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            var type = context.TargetId.Type;
            ByType.GetOrAdd(type, t => Busy.WithLabels(t.ToString()!)).Inc(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
