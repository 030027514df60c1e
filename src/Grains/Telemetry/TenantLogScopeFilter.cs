using Lyss.UserGrains.Common;
using Microsoft.Extensions.Logging;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// Puts the calling request's tenant (set by the gateway in the request context) in the log scope of
/// a grain call, so JSON log lines written for it carry <c>TenantId</c> beside the trace id.
/// Registered only when the silo writes JSON logs.
/// </summary>
public sealed class TenantLogScopeFilter(ILogger<TenantLogScopeFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(TenantLogContext.RequestContextKey) is not Guid tenant)
        {
            await context.Invoke();
            return;
        }

        using (logger.BeginScope(new KeyValuePair<string, object>[] { new(TenantLogContext.ScopeName, tenant) }))
        {
            await context.Invoke();
        }
    }
}
