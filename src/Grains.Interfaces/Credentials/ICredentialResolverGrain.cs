namespace Lyss.UserGrains.Credentials;

/// <summary>Whose a presented secret is; a stateless worker on every silo (use key 0).</summary>
[Alias("lyss.credentials.ICredentialResolverGrain")]
public interface ICredentialResolverGrain : IGrainWithIntegerKey
{
    /// <summary>The secret with this SHA-256 (<see cref="CredentialSecrets.Hash"/>), or null; marks it used.</summary>
    [Alias("Resolve")]
    Task<ResolvedCredential?> ResolveAsync(CredentialKind kind, byte[] secretHash);
}
