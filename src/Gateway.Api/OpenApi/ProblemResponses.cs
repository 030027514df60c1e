using Lyss.UserGrains.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Lyss.UserGrains.Gateway.OpenApi;

/// <summary>
/// Declares on every operation the problem responses the one exception handler and the access
/// filter can answer with, from what the route is: its access rule, its method, its route values.
/// A route adds its own (409, 410, 413…) where it is mapped.
/// </summary>
public static class ProblemResponses
{
    private const string ProblemJson = "application/problem+json";

    public static TBuilder WithProblemResponses<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after each route's own conventions, so its access rule and its own problem responses are known.
        builder.Finally(endpoint =>
        {
            var access = endpoint.Metadata.OfType<Access>().LastOrDefault();
            var pattern = (endpoint as RouteEndpointBuilder)?.RoutePattern;
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            // Malformed bodies, parameters and queries; a store or pipeline briefly unavailable.
            Add(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            Add(endpoint, StatusCodes.Status503ServiceUnavailable);
            if (access is { Anonymous: true })
            {
                Add(endpoint, StatusCodes.Status429TooManyRequests);
            }
            else
            {
                Add(endpoint, StatusCodes.Status401Unauthorized);
                Add(endpoint, StatusCodes.Status403Forbidden);
            }

            if (pattern?.Parameters.Count > 0 || access?.Target is not (null or AccessTarget.None))
            {
                Add(endpoint, StatusCodes.Status404NotFound);
            }

            if (methods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                // A state the command cannot leave from (illegal transition, already done, taken).
                Add(endpoint, StatusCodes.Status409Conflict);
            }
        });
        return builder;
    }

    /// <summary>A problem response one route adds to the defaults above (410, 413, 429…).</summary>
    public static RouteHandlerBuilder ProducesProblemOf(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    private static void Add(EndpointBuilder endpoint, int status, Type? type = null)
    {
        if (!endpoint.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type ?? typeof(ProblemDetails), [ProblemJson]));
        }
    }
}
