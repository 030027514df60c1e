using System.Diagnostics;
using HdrHistogram;

namespace Lyss.UserGrains.Load;

/// <summary>Times operations into an HdrHistogram and prints p50/p95/p99/max in milliseconds.</summary>
public sealed class LatencyRecorder(string name)
{
    private readonly LongHistogram _histogram = new(TimeStamp.Minutes(1), 3);

    public string Name { get; } = name;

    public async Task TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        _histogram.RecordValue(Stopwatch.GetTimestamp() - start);
    }

    /// <summary>Records a latency in Stopwatch ticks (thread-safe).</summary>
    public void Record(long stopwatchTicks)
    {
        lock (_histogram)
        {
            _histogram.RecordValue(Math.Max(0, stopwatchTicks));
        }
    }

    public double Percentile(double p) => _histogram.GetValueAtPercentile(p) * 1000.0 / Stopwatch.Frequency;

    public long Count => _histogram.TotalCount;

    public string Row() =>
        $"| {Name} | {Count} | {Percentile(50):F2} | {Percentile(95):F2} | {Percentile(99):F2} | {_histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:F2} |";

    public static string Header => "| scenario | requests | p50 ms | p95 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |";
}
