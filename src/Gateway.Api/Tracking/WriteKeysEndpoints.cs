using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>A tenant's write keys: the secrets its tracking clients (Segment, RudderStack, PostHog SDKs) send; they allow ingestion only.</summary>
public static class WriteKeysEndpoints
{
    public static RouteGroupBuilder MapWriteKeysEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/tenants/{id:guid}/write-keys").WithTags("Tracking");
        keys.MapPost("/", Issue).WithName("CreateWriteKey").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Mint a write key for tracking clients (shown once; stored hashed; ingestion only).");
        keys.MapGet("/", List).WithName("ListWriteKeys").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("The tenant's write keys: name, prefix, creation and last use (never the key).");
        keys.MapDelete("/{keyId:guid}", Revoke).WithName("RevokeWriteKey").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Revoke a write key: refused from then on (gateways cache keys for at most 10 s).");
        return keys;
    }

    private static async Task<Created<IssuedCredentialResponse>> Issue(Guid id, CredentialRequest body, HttpContext http, IGrainFactory grains)
    {
        var issued = await grains.GetGrain<ITenantCredentialsGrain>(id).IssueAsync(CredentialKind.WriteKey, body.Name, http.ActorOf(http.GetCaller()) with { TenantId = id });
        return TypedResults.Created($"/api/v1/tenants/{id}/write-keys/{issued.Id}",
            new IssuedCredentialResponse(issued.Id, issued.Name, issued.Secret, issued.Prefix, issued.CreatedAt));
    }

    private static async Task<Ok<WriteKeyListResponse>> List(Guid id, IGrainFactory grains) =>
        TypedResults.Ok(new WriteKeyListResponse(await grains.GetGrain<ITenantCredentialsGrain>(id).ListAsync(CredentialKind.WriteKey)));

    private static async Task<NoContent> Revoke(Guid id, Guid keyId, HttpContext http, IGrainFactory grains, WriteKeyResolver resolver)
    {
        await grains.GetGrain<ITenantCredentialsGrain>(id).RevokeAsync(CredentialKind.WriteKey, keyId, http.ActorOf(http.GetCaller()) with { TenantId = id });
        resolver.Forget(keyId);
        return TypedResults.NoContent();
    }
}
