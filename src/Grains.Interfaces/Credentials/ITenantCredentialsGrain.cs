using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Credentials;

/// <summary>A tenant's write keys and SCIM tokens (keyed by the tenant id): minted, listed, revoked, each in the tenant's trail.</summary>
[Alias("lyss.credentials.ITenantCredentialsGrain")]
public interface ITenantCredentialsGrain : IGrainWithGuidKey
{
    /// <summary>A new secret named <paramref name="name"/>; 409 <c>too_many_credentials</c> past <see cref="CredentialSecrets.MaxPerKind"/>.</summary>
    [Alias("Issue")]
    Task<IssuedCredential> IssueAsync(CredentialKind kind, string? name, ActorContext actor);

    [Alias("List")]
    Task<IReadOnlyList<CredentialView>> ListAsync(CredentialKind kind);

    /// <summary>Revokes at once (404 when the tenant has no such secret).</summary>
    [Alias("Revoke")]
    Task RevokeAsync(CredentialKind kind, Guid id, ActorContext actor);
}
