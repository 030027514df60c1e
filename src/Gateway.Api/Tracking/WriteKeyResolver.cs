using System.Collections.Concurrent;
using System.Net;
using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Gateway.Limits;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Which tenant a presented write key belongs to, cached for <see cref="Lifetime"/> (known and
/// unknown keys alike) so that ingestion does not ask a silo per request; a key revoked through
/// this gateway is forgotten at once, through another within the lifetime. A client address whose
/// lookups found no key too often in a minute gets no more lookups until the minute is over.
/// </summary>
public sealed class WriteKeyResolver(IGrainFactory grains, TimeProvider time, IOptions<GatewayLimitsOptions> limits)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ResolvedCredential? Key, long Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, (int Count, long WindowEnds)> _failures = new();

    /// <summary>
    /// The key's tenant, or none for a missing, malformed, unknown or revoked key. A key this gateway
    /// knows is answered from memory; an unknown one is looked up unless <paramref name="client"/> is
    /// past its refused lookups this minute (then <see cref="WriteKeyCheck.Throttled"/>).
    /// </summary>
    public ValueTask<WriteKeyCheck> CheckAsync(string? key, IPAddress? client) => CheckAsync(CredentialKind.WriteKey, key, client);

    /// <summary>As <see cref="CheckAsync(string?, IPAddress?)"/> for a secret of <paramref name="kind"/> (SCIM tokens too).</summary>
    public async ValueTask<WriteKeyCheck> CheckAsync(CredentialKind kind, string? key, IPAddress? client)
    {
        if (!CredentialSecrets.LooksLike(kind, key))
        {
            return default;
        }

        // Cached by hash: the gateway keeps no key it was shown.
        var hash = CredentialSecrets.Hash(key!);
        var entry = Convert.ToBase64String(hash);
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(entry, out var cached) && cached.Expires > now)
        {
            return new WriteKeyCheck(cached.Key, false);
        }

        if (client is not null && _failures.TryGetValue(client, out var failed) && failed.WindowEnds > now && failed.Count >= limits.Value.WriteKeyFailuresPerMinute)
        {
            return new WriteKeyCheck(null, true);
        }

        var resolved = await grains.GetGrain<ICredentialResolverGrain>(0).ResolveAsync(kind, hash);
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[entry] = (resolved, now + (long)(Lifetime.TotalSeconds * time.TimestampFrequency));
        if (resolved is null && client is not null)
        {
            if (_failures.Count >= MaxEntries)
            {
                _failures.Clear();
            }

            var minute = time.TimestampFrequency * 60;
            _failures.AddOrUpdate(client, _ => (1, now + minute), (_, f) => f.WindowEnds > now ? (f.Count + 1, f.WindowEnds) : (1, now + minute));
        }

        return new WriteKeyCheck(resolved, false);
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
