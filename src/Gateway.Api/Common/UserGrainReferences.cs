using System.Collections.Concurrent;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Common;

/// <summary>
/// User grain references for the activity hot path. Orleans resolves the interface type by
/// reflection on every <c>GetGrain</c> call (a third of a single activity POST's time in the
/// gateway, measured with dotnet-trace); a reference is immutable and safe to reuse, so each
/// user's is made once. Bounded: past the limit the cache starts over.
/// </summary>
public sealed class UserGrainReferences(IGrainFactory grains)
{
    private const int Limit = 200_000;
    private readonly ConcurrentDictionary<Guid, IUserGrain> _references = new();

    public IUserGrain Get(Guid userId)
    {
        if (_references.TryGetValue(userId, out var reference))
        {
            return reference;
        }

        if (_references.Count >= Limit)
        {
            _references.Clear();
        }

        return _references.GetOrAdd(userId, id => grains.GetGrain<IUserGrain>(id));
    }
}
