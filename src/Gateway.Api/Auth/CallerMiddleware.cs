namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>Resolves the caller of an authenticated API request once, before its endpoint runs.</summary>
public sealed class CallerMiddleware(RequestDelegate next)
{
    public const string ItemKey = "lyss.caller";

    public async Task InvokeAsync(HttpContext context, CallerResolver resolver)
    {
        if (context.User.Identity?.IsAuthenticated == true && Caller.FromPrincipal(context.User) is { } token)
        {
            context.Items[ItemKey] = await resolver.ResolveAsync(token);
        }

        await next(context);
    }
}
