using System.Runtime.InteropServices;
using System.Text.Json;
using Lyss.UserGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using static Lyss.UserGrains.Gateway.Tracking.TrackingJson;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// PostHog's capture endpoints (<c>/batch/</c>, <c>/capture/</c>, <c>/e/</c>): a write key as
/// <c>api_key</c> in the body, gzip bodies, events mapped by <see cref="PostHogEvents"/>.
/// </summary>
public static class PostHogEndpoints
{
    public static IEndpointRouteBuilder MapPostHogEndpoints(this IEndpointRouteBuilder app)
    {
        var capture = app.MapGroup("").WithTags("PostHog").AllowAnonymous().DisableAntiforgery();
        foreach (var (path, name) in (ReadOnlySpan<(string, string)>)[("/batch/", "PostHogBatch"), ("/capture/", "PostHogCapture"), ("/e/", "PostHogEvents")])
        {
            capture.MapPost(path, (HttpContext http, WriteKeyResolver keys, TrackingDispatcher dispatcher, TimeProvider time) => HandleAsync(http, keys, dispatcher, time))
                .WithName(name)
                .WithSummary($"PostHog's {path.Trim('/')} endpoint: one event, a batch or an array (api_key in the body), {TrackingLimits.BatchBytes / 1024} KB decompressed.")
                .Allow(Access.ByWriteKey)
                .Accepts<JsonElement>("application/json", "*/*")
                .Produces<PostHogResponse>(StatusCodes.Status200OK)
                .Produces<PostHogError>(StatusCodes.Status400BadRequest)
                .Produces<PostHogError>(StatusCodes.Status401Unauthorized)
                .Produces<PostHogError>(StatusCodes.Status429TooManyRequests)
                .Produces<PostHogError>(StatusCodes.Status503ServiceUnavailable);
        }

        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WriteKeyResolver keys, TrackingDispatcher dispatcher, TimeProvider time)
    {
        var received = time.GetUtcNow();
        JsonDocument document;
        try
        {
            document = await TrackingBody.ReadAsync(http.Request, TrackingLimits.BatchBytes);
        }
        catch (TrackingBody.Refused e)
        {
            return Error(StatusCodes.Status400BadRequest, "validation_error", e.TooLarge ? "payload_too_large" : "invalid_payload", e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            // {api_key, batch: [...]}, one event {api_key, event, ...}, or an array of events (each with api_key or properties.token).
            var items = root.ValueKind == JsonValueKind.Array ? root
                : Get(root, "batch") is { ValueKind: JsonValueKind.Array } batch ? batch
                : default;
            var first = items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 ? items[0] : root;
            var key = Text(root, "api_key") ?? Text(root, "token") ?? Text(first, "api_key") ?? Text(Get(first, "properties"), "token")
                ?? (http.Request.Query["api_key"].ToString() is { Length: > 0 } query ? query : null);
            var check = await keys.CheckAsync(key, http.Connection.RemoteIpAddress);
            if (check.Throttled)
            {
                http.Response.Headers.RetryAfter = "60";
                return Error(StatusCodes.Status429TooManyRequests, "rate_limited", "too_many_requests", "Too many refused api_keys from this address; retry in a minute.");
            }

            if (check.Key is not { } tenant)
            {
                return Error(StatusCodes.Status401Unauthorized, "authentication_error", "invalid_api_key",
                    "A write key of a tenant is required as api_key.");
            }

            var sentAt = Time(root, "sent_at");
            var events = new List<TrackingEvent>();
            var dropped = 0;
            if (items.ValueKind == JsonValueKind.Array)
            {
                if (items.GetArrayLength() > TrackingLimits.BatchEvents)
                {
                    return Error(StatusCodes.Status400BadRequest, "validation_error", "payload_too_large", $"batch: at most {TrackingLimits.BatchEvents} events.");
                }

                foreach (var item in items.EnumerateArray())
                {
                    if (JsonMarshal.GetRawUtf8Value(item).Length > TrackingLimits.EventBytes)
                    {
                        return Error(StatusCodes.Status400BadRequest, "validation_error", "payload_too_large", $"An event is larger than {TrackingLimits.EventBytes / 1024} KB.");
                    }

                    var mapped = PostHogEvents.Map(item, sentAt, received);
                    if (mapped.Event is { } e)
                    {
                        events.Add(e);
                    }
                    else
                    {
                        dropped++;
                    }
                }
            }
            else
            {
                var mapped = PostHogEvents.Map(root, sentAt, received);
                if (mapped.Problem is { } problem)
                {
                    return Error(StatusCodes.Status400BadRequest, "validation_error", "invalid_payload", problem);
                }

                events.Add(mapped.Event!);
            }

            var outcome = await dispatcher.DispatchAsync(tenant.TenantId, events, dropped);
            return outcome.Unavailable > 0
                ? Error(StatusCodes.Status503ServiceUnavailable, "server_error", "unavailable", "The service is catching up; retry shortly.")
                : TypedResults.Ok(new PostHogResponse(1));
        }
    }

    private static JsonHttpResult<PostHogError> Error(int status, string type, string code, string detail) =>
        TypedResults.Json(new PostHogError(type, code, detail), statusCode: status);
}
