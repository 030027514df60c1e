using Lyss.UserGrains.Gateway.Auth;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Lyss.UserGrains.Gateway.OpenApi;

/// <summary>The OpenAPI document clients are generated from, and the /docs page that can call the API with a pasted token.</summary>
public static class OpenApiExtensions
{
    private const string Bearer = "bearer";
    private const string WriteKey = "writeKey";
    private const string ScimToken = "scimToken";

    public static WebApplicationBuilder AddLyssOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            // 3.0: what today's client generators (NSwag, Kiota, openapi-generator) read without loss.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Lyss User Grains API";
                document.Info.Description = "The user service of the Lyss platform. Authenticate with a bearer JWT (sub, tenant_id, permissions). "
                    + "Errors are problem details (RFC 9457) with a `code`, and `errors` by field for 400.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = Bearer,
                    BearerFormat = "JWT",
                    Description = "A token of the platform's issuer: `sub`, `tenant_id` and `permissions` claims.",
                };
                document.Components.SecuritySchemes[WriteKey] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "basic",
                    Description = "A tenant's write key as the user name, no password (Segment's convention); PostHog clients send it as `api_key` in the body.",
                };
                document.Components.SecuritySchemes[ScimToken] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = Bearer,
                    Description = "A SCIM token the tenant minted (`lyss_scim_…`), or a JWT holding `scim:provision`.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<Access>().LastOrDefault();
                if (access is { WriteKey: true } or { Scim: true })
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(access.Scim ? ScimToken : WriteKey, context.Document)] = [] });
                }

                // Routes whose secret is in the body (invitation codes, verification codes) need no token.
                else if (access is { Anonymous: false })
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapLyssOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Lyss User Grains API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(Bearer));
        return app;
    }
}
