using System.Collections.Concurrent;
using Lyss.UserGrains.Credentials;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Which tenant a presented write key belongs to, cached for <see cref="Lifetime"/> (known and
/// unknown keys alike) so that ingestion does not ask a silo per request; a key revoked through
/// this gateway is forgotten at once, through another within the lifetime.
/// </summary>
public sealed class WriteKeyResolver(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ResolvedCredential? Key, long Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>The key's tenant, or null for a missing, malformed, unknown or revoked key.</summary>
    public async ValueTask<ResolvedCredential?> ResolveAsync(string? key)
    {
        if (!CredentialSecrets.LooksLike(CredentialKind.WriteKey, key))
        {
            return null;
        }

        // Cached by hash: the gateway keeps no key it was shown.
        var hash = CredentialSecrets.Hash(key!);
        var entry = Convert.ToBase64String(hash);
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(entry, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        var resolved = await grains.GetGrain<ICredentialResolverGrain>(0).ResolveAsync(CredentialKind.WriteKey, hash);
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[entry] = (resolved, now + (long)(Lifetime.TotalSeconds * time.TimestampFrequency));
        return resolved;
    }

    public void Forget(Guid keyId)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.Key?.Id == keyId)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }
}
