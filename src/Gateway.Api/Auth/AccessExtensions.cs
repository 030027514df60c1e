namespace Lyss.UserGrains.Gateway.Auth;

public static class AccessExtensions
{
    /// <summary>Declares who may call the endpoint; the rule's words join the operation's description.</summary>
    public static TBuilder Allow<TBuilder>(this TBuilder builder, Access access)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(access);
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointDescriptionMetadata>().LastOrDefault() is null)
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Http.EndpointDescriptionAttribute(access.Describe()));
            }
        });
        if (access.SubjectsOfBody && builder is RouteHandlerBuilder handler)
        {
            handler.AddEndpointFilter(async (invocation, next) =>
            {
                var caller = invocation.HttpContext.GetCaller();
                foreach (var body in invocation.Arguments.OfType<IActivitySubjects>())
                {
                    AccessMiddleware.CheckSubjects(caller, body.SubjectIds);
                }

                return await next(invocation);
            });
        }

        if (access.Anonymous)
        {
            // The code or token in the body is the secret: guessing is bounded per client address.
            builder.AllowAnonymous();
            builder.RequireRateLimiting(Limits.LimitsExtensions.AnonymousPolicy);
        }

        return builder;
    }
}
