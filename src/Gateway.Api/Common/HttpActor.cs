using Lyss.UserGrains.Common;
using Lyss.UserGrains.Gateway.Auth;

namespace Lyss.UserGrains.Gateway.Common;

public static class HttpActor
{
    /// <summary>The audit context of a request: caller, tenant, client address and agent.</summary>
    public static ActorContext ActorOf(this HttpContext http, Caller caller) => new()
    {
        Actor = caller.Subject,
        TenantId = caller.TenantId,
        IpAddress = http.Connection.RemoteIpAddress?.ToString(),
        UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
        IsPlatformOperator = caller.IsPlatformOperator,
    };

    /// <summary>For unauthenticated routes (verification): the user acts on itself.</summary>
    public static ActorContext AnonymousActor(this HttpContext http, Guid userId, Guid tenantId) => new()
    {
        Actor = userId.ToString(),
        TenantId = tenantId,
        IpAddress = http.Connection.RemoteIpAddress?.ToString(),
        UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
    };
}
