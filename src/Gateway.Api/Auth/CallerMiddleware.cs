using Lyss.UserGrains.Common;
using Lyss.UserGrains.Hosting;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>Resolves the caller of an authenticated API request once, before its endpoint runs.</summary>
public sealed class CallerMiddleware(RequestDelegate next, IOptions<ObservabilityOptions> observability, ILogger<CallerMiddleware> logger)
{
    public const string ItemKey = "lyss.caller";

    private readonly bool _tenantInLogs = observability.Value.LogFormat == LogFormat.Json;

    // Not async for service tokens (no user to look up): an awaiting frame here would be paid again
    // by every request whose endpoint itself awaits, such as each activity POST.
    public Task InvokeAsync(HttpContext context, CallerResolver resolver)
    {
        if (context.User.Identity?.IsAuthenticated != true || Caller.FromPrincipal(context.User) is not { } token)
        {
            return next(context);
        }

        if (_tenantInLogs)
        {
            return WithTenantInLogsAsync(context, resolver, token);
        }

        if (token.UserId is not { } userId)
        {
            context.Items[ItemKey] = token;
            return next(context);
        }

        return ResolveThenContinueAsync(context, resolver, token, userId);
    }

    private async Task ResolveThenContinueAsync(HttpContext context, CallerResolver resolver, Caller token, Guid userId)
    {
        context.Items[ItemKey] = await resolver.ResolveAsync(token, userId);
        await next(context);
    }

    /// <summary>JSON logs: the request's log lines, and its grain calls' on the silos, name the caller's tenant.</summary>
    private async Task WithTenantInLogsAsync(HttpContext context, CallerResolver resolver, Caller token)
    {
        RequestContext.Set(TenantLogContext.RequestContextKey, token.TenantId);
        using (logger.BeginScope(new KeyValuePair<string, object>[] { new(TenantLogContext.ScopeName, token.TenantId) }))
        {
            context.Items[ItemKey] = token.UserId is { } userId ? await resolver.ResolveAsync(token, userId) : token;
            await next(context);
        }
    }
}
