using Lyss.UserGrains.Common;
using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Credentials;

/// <summary>
/// A tenant's machine secrets. Non-reentrant, so the cap per kind holds under parallel requests;
/// no grain state (the rows are the truth), so revocation is one delete, seen by resolvers at once.
/// </summary>
public sealed class TenantCredentialsGrain(CredentialStore store, GrainClock clock) : Grain, ITenantCredentialsGrain
{
    private Guid TenantId => this.GetPrimaryKey();

    public async Task<IssuedCredential> IssueAsync(CredentialKind kind, string? name, ActorContext actor)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > CredentialSecrets.NameLength || PlainText.Problem(trimmed) is not null)
        {
            throw new ValidationException("name", $"1 to {CredentialSecrets.NameLength} characters of plain text.");
        }

        if (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetAsync() is null)
        {
            throw NotFoundException.Tenant(TenantId);
        }

        if ((await store.ListAsync(TenantId, kind)).Count >= CredentialSecrets.MaxPerKind)
        {
            throw new ConflictException($"A tenant holds at most {CredentialSecrets.MaxPerKind} of these; revoke one first.") { Code = "too_many_credentials" };
        }

        var secret = CredentialSecrets.NewSecret(kind);
        var issued = new IssuedCredential(Guid.CreateVersion7(), trimmed, secret, secret[..CredentialSecrets.ShownPrefixLength], clock.UtcNow);
        await store.InsertAsync(TenantId, kind, issued, CredentialSecrets.Hash(secret),
            new TenantEvent(CredentialStore.KindName(kind) + "_created", actor, new Dictionary<string, object?>
            {
                ["id"] = issued.Id,
                ["name"] = issued.Name,
                ["prefix"] = issued.Prefix,
            }));
        return issued;
    }

    public Task<IReadOnlyList<CredentialView>> ListAsync(CredentialKind kind) => store.ListAsync(TenantId, kind);

    public async Task RevokeAsync(CredentialKind kind, Guid id, ActorContext actor)
    {
        var revoked = await store.DeleteAsync(TenantId, kind, id, name => new TenantEvent(CredentialStore.KindName(kind) + "_revoked", actor, new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = name,
        }));
        if (!revoked)
        {
            throw new NotFoundException($"The tenant has no {CredentialStore.KindName(kind).Replace('_', ' ')} {id}.") { Code = "credential_not_found" };
        }
    }
}
