using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// A tenant's machine secrets: write keys (what its tracking clients send; ingestion only) and SCIM
/// tokens (what its identity provider sends; provisioning only). Same shapes, each kind its own
/// permission: minting a SCIM token needs <c>scim:provision</c>, so nobody hands out what they do not hold.
/// </summary>
public static class WriteKeysEndpoints
{
    public static RouteGroupBuilder MapWriteKeysEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/tenants/{id:guid}/write-keys").WithTags("Tracking");
        keys.MapPost("/", (Guid id, CredentialRequest body, HttpContext http, IGrainFactory grains) => IssueAsync(CredentialKind.WriteKey, "write-keys", id, body, http, grains))
            .WithName("CreateWriteKey").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Mint a write key for tracking clients (shown once; stored hashed; ingestion only).");
        keys.MapGet("/", async Task<Ok<WriteKeyListResponse>> (Guid id, IGrainFactory grains) =>
                TypedResults.Ok(new WriteKeyListResponse(await grains.GetGrain<ITenantCredentialsGrain>(id).ListAsync(CredentialKind.WriteKey))))
            .WithName("ListWriteKeys").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("The tenant's write keys: name, prefix, creation and last use (never the key).");
        keys.MapDelete("/{keyId:guid}", (Guid id, Guid keyId, HttpContext http, IGrainFactory grains, WriteKeyResolver resolver) =>
                RevokeAsync(CredentialKind.WriteKey, id, keyId, http, grains, resolver))
            .WithName("RevokeWriteKey").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Revoke a write key: refused from then on (gateways cache keys for at most 10 s).");

        var scim = api.MapGroup("/tenants/{id:guid}/scim-tokens").WithTags("SCIM");
        scim.MapPost("/", (Guid id, CredentialRequest body, HttpContext http, IGrainFactory grains) => IssueAsync(CredentialKind.ScimToken, "scim-tokens", id, body, http, grains))
            .WithName("CreateScimToken").Allow(Access.Tenant(Permissions.ScimProvision))
            .WithSummary("Mint a bearer token for the tenant's identity provider (shown once; stored hashed; SCIM provisioning only).");
        scim.MapGet("/", async Task<Ok<ScimTokenListResponse>> (Guid id, IGrainFactory grains) =>
                TypedResults.Ok(new ScimTokenListResponse(await grains.GetGrain<ITenantCredentialsGrain>(id).ListAsync(CredentialKind.ScimToken))))
            .WithName("ListScimTokens").Allow(Access.Tenant(Permissions.ScimProvision))
            .WithSummary("The tenant's SCIM tokens: name, prefix, creation and last use (never the token).");
        scim.MapDelete("/{keyId:guid}", (Guid id, Guid keyId, HttpContext http, IGrainFactory grains, WriteKeyResolver resolver) =>
                RevokeAsync(CredentialKind.ScimToken, id, keyId, http, grains, resolver))
            .WithName("RevokeScimToken").Allow(Access.Tenant(Permissions.ScimProvision))
            .WithSummary("Revoke a SCIM token at once.");
        return keys;
    }

    private static async Task<Created<IssuedCredentialResponse>> IssueAsync(CredentialKind kind, string path, Guid id, CredentialRequest body, HttpContext http, IGrainFactory grains)
    {
        var issued = await grains.GetGrain<ITenantCredentialsGrain>(id).IssueAsync(kind, body.Name, http.ActorOf(http.GetCaller()) with { TenantId = id });
        return TypedResults.Created($"/api/v1/tenants/{id}/{path}/{issued.Id}",
            new IssuedCredentialResponse(issued.Id, issued.Name, issued.Secret, issued.Prefix, issued.CreatedAt));
    }

    private static async Task<NoContent> RevokeAsync(CredentialKind kind, Guid id, Guid keyId, HttpContext http, IGrainFactory grains, WriteKeyResolver resolver)
    {
        await grains.GetGrain<ITenantCredentialsGrain>(id).RevokeAsync(kind, keyId, http.ActorOf(http.GetCaller()) with { TenantId = id });
        resolver.Forget(keyId);
        return TypedResults.NoContent();
    }
}
