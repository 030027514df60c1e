using Lyss.UserGrains.Gateway.Scim;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Gateway.Privacy;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lyss.UserGrains.Gateway.Activities;
using Lyss.UserGrains.Gateway.Activities.Live;
using Lyss.UserGrains.Hosting;
using Lyss.UserGrains.Gateway.Alerts;
using Lyss.UserGrains.Gateway.Analytics;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Behavior;
using Lyss.UserGrains.Gateway.Reports;
using Lyss.UserGrains.Gateway.Errors;
using Lyss.UserGrains.Gateway.Invitations;
using Lyss.UserGrains.Gateway.Limits;
using Lyss.UserGrains.Gateway.Notifications;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Ops;
using Lyss.UserGrains.Gateway.Relationships;
using Lyss.UserGrains.Gateway.Sharing;
using Lyss.UserGrains.Gateway.Teams;
using Lyss.UserGrains.Gateway.Health;
using Lyss.UserGrains.Gateway.Tenants;
using Lyss.UserGrains.Gateway.Users;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Prometheus;

namespace Lyss.UserGrains.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Everything the REST gateway needs: cluster client, auth, JSON, problem details, OpenAPI, health.</summary>
    public static WebApplicationBuilder AddLyssGateway(this WebApplicationBuilder builder)
    {
        // Co-hosted beside a silo (src/CoHost), the silo's own client is registered already and grain
        // calls stay inside the process; otherwise the gateway is an Orleans client of the cluster.
        var coHosted = builder.Services.Any(d => d.ServiceType == typeof(IClusterClient));
        // Co-hosted, the silo's tracer already records this process's requests and grain calls.
        var observability = builder.AddLyssObservability("lyss-gateway", recordTraces: !coHosted);
        if (!coHosted)
        {
            builder.AddLyssClusterClient(observability.Tracing == true);
        }

        builder.AddLyssAuth();
        builder.AddLyssLimits();
        builder.AddLyssTracking();
        builder.AddLyssLiveStream();

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Numbers are JSON numbers: "5" for a count is refused, and the contract says integer, not integer-or-string.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            // No NUL, control character or unpaired surrogate in any text of a body: 400 naming the field.
            o.SerializerOptions.Converters.Add(new PlainTextJsonConverter());
            // Unknown fields (status, tenant_id, ids, counters…) are refused with 400 naming the field.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // The request's W3C trace id (the caller's, from traceparent, or a new one): what a trace backend shows.
            context.ProblemDetails.Extensions["trace_id"] = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity
                ? activity.TraceId.ToHexString()
                : context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        // Malformed bodies and parameters reach the exception handler in every environment, so
        // the 400 names the offending field instead of being an empty status code.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.AddLyssOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ClusterClientHealthCheck>("cluster", tags: [ReadyTag]);

        // The client address of activities and audit rows: the connection's, or X-Forwarded-For
        // when the connection comes from a proxy listed in Lyss:Gateway:TrustedProxies.
        var proxies = builder.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName).TrustedProxies;
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return builder;
    }

    public static WebApplication MapLyssGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLyssOpsPage();
        // The duration histogram's _count is the request count: a separate counter would only add a
        // middleware frame to every request.
        app.UseHttpMetrics(o => o.RequestCount.Enabled = false);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CallerMiddleware>();
        app.UseMiddleware<AccessMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        app.MapMetrics("/metrics");
        app.MapLyssOpenApi();
        app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription();

        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthExtensions.CallerPolicy).WithProblemResponses();
        api.MapGet("/whoami", (HttpContext http) =>
        {
            var caller = http.GetCaller();
            return TypedResults.Ok(new WhoAmIResponse(caller.Subject, caller.TenantId, [.. caller.Permissions.Order(StringComparer.Ordinal)], caller.IsUser));
        }).WithName("WhoAmI").Allow(Access.AnyCaller).WithTags("Identity").WithSummary("The caller as the gateway sees it: subject, tenant, effective permissions.");
        api.MapUsersEndpoints(app.Configuration.GetValue("Lyss:Users:ExposeVerificationTokens", false));
        api.MapTenantsEndpoints();
        api.MapActivitiesEndpoints();
        api.MapAdminActivitiesEndpoints();
        api.MapActivityStreamEndpoints();
        api.MapInvitationsEndpoints();
        api.MapNotificationsEndpoints();
        api.MapTeamsEndpoints();
        api.MapRelationshipsEndpoints();
        api.MapSharingEndpoints();
        api.MapAlertsEndpoints();
        api.MapAnalyticsEndpoints();
        api.MapBehaviorEndpoints();
        api.MapReportsEndpoints();
        api.MapPrivacyEndpoints();
        api.MapWriteKeysEndpoints();
        // Tracking protocols at the root, where their SDKs send: a write key, not a token.
        app.MapSegmentEndpoints();
        app.MapPostHogEndpoints();
        app.MapScimEndpoints();
        return app;
    }
}
