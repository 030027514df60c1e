namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>Resolves the caller of an authenticated API request once, before its endpoint runs.</summary>
public sealed class CallerMiddleware(RequestDelegate next)
{
    public const string ItemKey = "lyss.caller";

    // Not async for service tokens (no user to look up): an awaiting frame here would be paid again
    // by every request whose endpoint itself awaits, such as each activity POST.
    public Task InvokeAsync(HttpContext context, CallerResolver resolver)
    {
        if (context.User.Identity?.IsAuthenticated != true || Caller.FromPrincipal(context.User) is not { } token)
        {
            return next(context);
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
}
