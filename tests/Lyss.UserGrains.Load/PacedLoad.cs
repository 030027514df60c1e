using System.Diagnostics;

namespace Lyss.UserGrains.Load;

/// <summary>
/// An open-model load at a fixed rate: request i is due at start + i/rate and its latency is
/// measured from when it was due, so a stall shows up in the tail instead of slowing the sender
/// (no coordinated omission).
/// </summary>
public static class PacedLoad
{
    public static async Task<LatencyRecorder> RunAsync(string name, int ratePerSecond, TimeSpan duration, Func<int, Task> request)
    {
        var recorder = new LatencyRecorder(name);
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / ratePerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            var dueTicks = (long)(due.TotalSeconds * Stopwatch.Frequency);
            inFlight.Add(Task.Run(async () =>
            {
                await request(index);
                recorder.Record(clock.ElapsedTicks - dueTicks);
            }));
        }

        await Task.WhenAll(inFlight);
        return recorder;
    }
}
