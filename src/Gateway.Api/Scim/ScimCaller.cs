using Lyss.UserGrains.Common;
using Lyss.UserGrains.Credentials;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>Who provisions: a SCIM token of a tenant, or a bearer token holding <c>scim:provision</c>; the tenant comes from either.</summary>
public static class ScimCaller
{
    public static async Task<ActorContext> AuthenticateAsync(HttpContext http, WriteKeyResolver secrets)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (bearer is not null && bearer.StartsWith(CredentialSecrets.PrefixOf(CredentialKind.ScimToken), StringComparison.Ordinal))
        {
            var check = await secrets.CheckAsync(CredentialKind.ScimToken, bearer, http.Connection.RemoteIpAddress);
            if (check.Throttled)
            {
                http.Response.Headers.RetryAfter = "60";
                throw new ScimException(429, null, "Too many refused tokens from this address; retry in a minute.");
            }

            var token = check.Key ?? throw new ScimException(401, null, "The SCIM token is unknown or revoked.");
            return new ActorContext
            {
                Actor = $"scim:{token.Id}",
                TenantId = token.TenantId,
                IpAddress = http.Connection.RemoteIpAddress?.ToString(),
                UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            };
        }

        var caller = http.Items[CallerMiddleware.ItemKey] as Caller
            ?? throw new ScimException(401, null, "A SCIM token of the tenant, or a bearer token holding scim:provision, is required.");
        return caller.Has(Permissions.ScimProvision)
            ? http.ActorOf(caller)
            : throw new ScimException(403, null, "This token does not hold scim:provision.");
    }
}
