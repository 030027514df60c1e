using System.Collections.Concurrent;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// One instance per distinct activity or resource type on the silo, so a hundred thousand users'
/// counters and recent lists do not each hold their own copy of "case_view". Bounded: past the
/// limit (a caller inventing names) strings are simply not pooled.
/// </summary>
public static class StringPool
{
    private const int Limit = 10_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Shared(string value)
    {
        if (Pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return Pool.Count < Limit ? Pool.GetOrAdd(value, value) : value;
    }
}
