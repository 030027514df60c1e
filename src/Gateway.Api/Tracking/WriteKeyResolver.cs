using System.Collections.Concurrent;
using System.Net;
using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Gateway.Limits;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Which tenant a presented write key belongs to, cached for <see cref="Lifetime"/> (known and
/// unknown keys alike) so that ingestion does not ask a silo per request; a key revoked through
/// this gateway is forgotten at once, through another within the lifetime. A client address that
/// presents too many refused keys in a minute is answered 429 without a lookup.
/// </summary>
public sealed class WriteKeyResolver(IGrainFactory grains, TimeProvider time, IOptions<GatewayLimitsOptions> limits)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ResolvedCredential? Key, long Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, (int Count, long WindowEnds)> _failures = new();

    /// <summary>Whether <paramref name="client"/> is past its refused keys for this minute (the caller answers 429).</summary>
    public bool IsThrottled(IPAddress? client) =>
        client is not null && _failures.TryGetValue(client, out var f) && f.WindowEnds > time.GetTimestamp() && f.Count >= limits.Value.WriteKeyFailuresPerMinute;

    /// <summary>The key's tenant, or null for a missing, malformed, unknown or revoked key (counted against <paramref name="client"/>).</summary>
    public async ValueTask<ResolvedCredential?> ResolveAsync(string? key, IPAddress? client)
    {
        var resolved = await ResolveAsync(key);
        if (resolved is null && client is not null)
        {
            var now = time.GetTimestamp();
            if (_failures.Count >= MaxEntries)
            {
                _failures.Clear();
            }

            _failures.AddOrUpdate(client, _ => (1, now + time.TimestampFrequency * 60),
                (_, f) => f.WindowEnds > now ? (f.Count + 1, f.WindowEnds) : (1, now + time.TimestampFrequency * 60));
        }

        return resolved;
    }

    private async ValueTask<ResolvedCredential?> ResolveAsync(string? key)
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
