using Lyss.UserGrains.Credentials;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Credentials;

/// <summary>Resolves presented secrets on the silo the caller reaches; the gateway caches the answers briefly.</summary>
[StatelessWorker]
public sealed class CredentialResolverGrain(CredentialStore store) : Grain, ICredentialResolverGrain
{
    public Task<ResolvedCredential?> ResolveAsync(CredentialKind kind, byte[] secretHash) =>
        secretHash.Length == 32 ? store.ResolveAsync(kind, secretHash) : Task.FromResult<ResolvedCredential?>(null);
}
