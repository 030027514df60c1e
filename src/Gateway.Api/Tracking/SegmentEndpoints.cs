using System.Runtime.InteropServices;
using System.Text.Json;
using Lyss.UserGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using static Lyss.UserGrains.Gateway.Tracking.TrackingJson;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Segment's HTTP Tracking API at the root (<c>/v1/track</c> … <c>/v1/batch</c>), so that unmodified
/// Segment and RudderStack clients pointed at this service feed the user grains (docs/tracking.md).
/// Answers as Segment does, except that a missing or unknown write key is 401.
/// </summary>
public static class SegmentEndpoints
{
    private static readonly string[] CallTypes = ["track", "identify", "page", "screen", "group", "alias"];

    public static IEndpointRouteBuilder MapSegmentEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Segment").AllowAnonymous().DisableAntiforgery();
        foreach (var path in (ReadOnlySpan<string>)["/batch", "/import"])
        {
            Describe(v1.MapPost(path, (HttpContext http, WriteKeyResolver keys, TrackingDispatcher dispatcher, TimeProvider time) =>
                    HandleAsync(http, null, keys, dispatcher, time)))
                .WithName(path == "/batch" ? "SegmentBatch" : "SegmentImport")
                .WithSummary($"Segment's {path[1..]}: up to {TrackingLimits.BatchEvents} messages of any call type, {TrackingLimits.BatchBytes / 1024} KB decompressed; a bad item is dropped.");
        }

        foreach (var type in CallTypes)
        {
            Describe(v1.MapPost("/" + type, (HttpContext http, WriteKeyResolver keys, TrackingDispatcher dispatcher, TimeProvider time) =>
                    HandleAsync(http, type, keys, dispatcher, time)))
                .WithName("Segment" + char.ToUpperInvariant(type[0]) + type[1..])
                .WithSummary($"Segment's {type} call: one message, {TrackingLimits.EventBytes / 1024} KB at most.");
        }

        return app;
    }

    // Any content type: RudderStack names its gzip bodies a form.
    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .Allow(Access.ByWriteKey)
        .Accepts<JsonElement>("application/json", "*/*")
        .Produces<SegmentResponse>(StatusCodes.Status200OK)
        .Produces<SegmentResponse>(StatusCodes.Status400BadRequest)
        .Produces<SegmentResponse>(StatusCodes.Status401Unauthorized)
        .Produces<SegmentResponse>(StatusCodes.Status429TooManyRequests)
        .Produces<SegmentResponse>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(HttpContext http, string? callType, WriteKeyResolver keys, TrackingDispatcher dispatcher, TimeProvider time)
    {
        var received = time.GetUtcNow();
        var client = http.Connection.RemoteIpAddress;
        var key = WriteKeyCredentials.FromBasic(http.Request);
        var check = key is null ? default : await keys.CheckAsync(key, client);
        if (check.Throttled)
        {
            return TooManyFailures(http);
        }

        if (key is not null && check.Key is null)
        {
            return Unauthorized();
        }

        JsonDocument document;
        try
        {
            document = await TrackingBody.ReadAsync(http.Request, callType is null ? TrackingLimits.BatchBytes : TrackingLimits.EventBytes);
        }
        catch (TrackingBody.Refused e)
        {
            return Bad(e.TooLarge ? "payload_too_large" : "invalid_request", e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (key is null)
            {
                check = await keys.CheckAsync(Text(root, "writeKey"), client);
                if (check.Throttled)
                {
                    return TooManyFailures(http);
                }
            }

            if (check.Key is not { } tenant)
            {
                return Unauthorized();
            }

            var envelope = new SegmentMessages.Envelope(Get(root, "context"), Time(root, "sentAt"), received);
            var events = new List<TrackingEvent>();
            var dropped = 0;
            if (callType is null)
            {
                var batch = Get(root, "batch");
                if (batch.ValueKind != JsonValueKind.Array)
                {
                    return Bad("invalid_request", "batch: an array of messages is required.");
                }

                if (batch.GetArrayLength() > TrackingLimits.BatchEvents)
                {
                    return Bad("payload_too_large", $"batch: at most {TrackingLimits.BatchEvents} messages.");
                }

                foreach (var message in batch.EnumerateArray())
                {
                    if (JsonMarshal.GetRawUtf8Value(message).Length > TrackingLimits.EventBytes)
                    {
                        return Bad("payload_too_large", $"A message is larger than {TrackingLimits.EventBytes / 1024} KB.");
                    }

                    Add(SegmentMessages.Map(message, null, envelope));
                }
            }
            else
            {
                var mapped = SegmentMessages.Map(root, callType, envelope);
                if (mapped.Problem is { } problem)
                {
                    return Bad("invalid_request", problem);
                }

                Add(mapped);
            }

            var outcome = await dispatcher.DispatchAsync(tenant.TenantId, events, dropped);
            // Stored or not, a resend is safe: the client's message ids make it idempotent.
            return outcome.Unavailable > 0
                ? TypedResults.Json(new SegmentResponse(false, "unavailable", "The service is catching up; retry shortly."), statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(new SegmentResponse(true));

            void Add((TrackingEvent? Event, string? Problem) mapped)
            {
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
    }

    private static JsonHttpResult<SegmentResponse> Unauthorized() =>
        TypedResults.Json(new SegmentResponse(false, "invalid_write_key", "A write key of a tenant is required (HTTP Basic user name, or writeKey in the body)."),
            statusCode: StatusCodes.Status401Unauthorized);

    private static JsonHttpResult<SegmentResponse> TooManyFailures(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "60";
        return TypedResults.Json(new SegmentResponse(false, "too_many_requests", "Too many refused write keys from this address; retry in a minute."),
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static JsonHttpResult<SegmentResponse> Bad(string code, string message) =>
        TypedResults.Json(new SegmentResponse(false, code, message), statusCode: StatusCodes.Status400BadRequest);
}
