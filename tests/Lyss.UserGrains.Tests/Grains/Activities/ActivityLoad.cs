using System.Collections.Concurrent;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>
/// Steady tracking load from a few loops over some users, recording every acknowledged id and
/// every failed call by exception type (a test asserts which failures it expects, e.g. a silo
/// stopping, and that load ran at all). Bounded in time.
/// </summary>
public sealed class ActivityLoad(IGrainFactory grains, Guid tenant, IReadOnlyList<Guid> users)
{
    public ConcurrentBag<Guid> Acknowledged { get; } = [];

    /// <summary>Failed calls by exception type name.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>The first message of each kind of failure: what an unexpected one was, when a run shows it.</summary>
    public ConcurrentDictionary<string, string> FirstMessage { get; } = new();

    /// <summary>When each kind of failure was last seen.</summary>
    public ConcurrentDictionary<string, DateTime> LastFailureAt { get; } = new();

    /// <summary>Activities answered with another status than accepted (none expected from this load).</summary>
    public int NotAccepted;

    /// <summary>The failures whose type is not among <paramref name="expected"/>, as "Type×count (first message)" (empty: none).</summary>
    public string Unexpected(params Type[] expected) =>
        string.Join(", ", Failures.Where(f => !expected.Any(t => t.Name == f.Key)).Select(f => $"{f.Key}×{f.Value} ({FirstMessage.GetValueOrDefault(f.Key)})"));

    /// <summary>
    /// A failure's kind: its type's name, but for the client's placement finding no silo in its view
    /// for a moment while a silo leaves (<see cref="NoSiloInView"/>), a call cut by the stop like the others.
    /// </summary>
    public static string Kind(Exception e) =>
        e is OrleansException && e.Message.StartsWith("No active nodes are compatible", StringComparison.Ordinal) ? NoSiloInView : e.GetType().Name;

    public const string NoSiloInView = "NoSiloInView";

    /// <summary>The failures whose kind is not among <paramref name="expected"/> (type names, or <see cref="NoSiloInView"/>).</summary>
    public string UnexpectedKinds(params string[] expected) =>
        string.Join(", ", Failures.Where(f => !expected.Contains(f.Key)).Select(f => $"{f.Key}×{f.Value} ({FirstMessage.GetValueOrDefault(f.Key)})"));

    public async Task RunAsync(TimeSpan duration, int loops, int batch, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, loops).Select(async loop =>
        {
            var n = 0;
            while (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
            {
                var user = users[(loop + n++) % users.Count];
                var items = Enumerable.Range(0, batch).Select(i => i % 4 == 3
                    // Every fourth a feature use, so the daily usage rollup is exercised too.
                    ? new TrackActivity { ActivityType = "feature_usage", ResourceId = "load-export" }
                    : new TrackActivity { ActivityType = "case_view", ResourceId = $"l{loop}-{n}-{i}" }).ToList();
                try
                {
                    var results = await grains.GetGrain<IUserGrain>(user).TrackBatchAsync(items, tenant, AckMode.Buffered);
                    foreach (var r in results)
                    {
                        if (r.Status == TrackStatus.Accepted)
                        {
                            Acknowledged.Add(r.Id!.Value);
                        }
                        else
                        {
                            Interlocked.Increment(ref NotAccepted);
                        }
                    }
                }
                catch (Exception e)
                {
                    var kind = Kind(e);
                    Failures.AddOrUpdate(kind, 1, (_, count) => count + 1);
                    FirstMessage.TryAdd(kind, e.Message);
                    LastFailureAt[kind] = DateTime.UtcNow;
                }

                await Task.Delay(pause, CancellationToken.None);
            }
        }));
    }
}
