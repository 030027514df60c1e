using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>Every failure of a SCIM route in SCIM's error shape (identity providers read <c>scimType</c>), not as problem details.</summary>
public sealed class ScimErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Map(e) is { } error)
        {
            if (e is TooManyRequestsException { RetryAfterSeconds: { } seconds })
            {
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ScimResults.Error(error.Status, error.ScimType, error.Message);
        }
    }

    private static ScimException? Map(Exception e) => e switch
    {
        ScimException scim => scim,
        ValidationException { Code: "invalidFilter" } filter => new(400, "invalidFilter", string.Join(" ", filter.Errors.Values.SelectMany(v => v))),
        ValidationException invalid => new(400, "invalidValue", string.Join(" ", invalid.Errors.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))),
        ConflictException { Code: "user_exists" or "user_exists_elsewhere" or "external_id_taken" or "email_taken" or "user_name_taken" } taken => new(409, "uniqueness", taken.Message),
        ConflictException conflict => new(409, null, conflict.Message),
        NotFoundException missing => new(404, null, missing.Message),
        GoneException gone => new(404, null, gone.Message),
        ForbiddenException forbidden => new(403, null, forbidden.Message),
        UnauthorizedException unauthorized => new(401, null, unauthorized.Message),
        TooManyRequestsException many => new(429, null, many.Message),
        UnavailableException unavailable => new(503, null, unavailable.Message),
        _ => null,
    };
}
