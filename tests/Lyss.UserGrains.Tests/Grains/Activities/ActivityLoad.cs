using System.Collections.Concurrent;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>
/// Steady tracking load from a few loops over some users, recording every acknowledged id;
/// calls that fail (silo stopping) are not acknowledged and not counted. Bounded in time.
/// </summary>
public sealed class ActivityLoad(IGrainFactory grains, Guid tenant, IReadOnlyList<Guid> users)
{
    public ConcurrentBag<Guid> Acknowledged { get; } = [];

    public int Failed;

    public async Task RunAsync(TimeSpan duration, int loops, int batch, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, loops).Select(async loop =>
        {
            var n = 0;
            while (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
            {
                var user = users[(loop + n++) % users.Count];
                var items = Enumerable.Range(0, batch).Select(i => new TrackActivity { ActivityType = "case_view", ResourceId = $"l{loop}-{n}-{i}" }).ToList();
                try
                {
                    var results = await grains.GetGrain<IUserGrain>(user).TrackBatchAsync(items, tenant, AckMode.Buffered);
                    foreach (var r in results.Where(r => r.Status == TrackStatus.Accepted))
                    {
                        Acknowledged.Add(r.Id!.Value);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Failed);
                }

                await Task.Delay(pause, CancellationToken.None);
            }
        }));
    }
}
