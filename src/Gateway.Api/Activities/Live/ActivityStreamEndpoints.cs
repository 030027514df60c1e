using System.Text;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>The caller's tenant's activities as they are accepted, as Server-Sent Events.</summary>
public static class ActivityStreamEndpoints
{
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapActivityStreamEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/activities").WithTags("Admin");
        admin.MapGet("/stream", StreamAsync).WithName("StreamActivities").Allow(Access.To(Permissions.AdminRead))
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithSummary("The tenant's activities as they are accepted on any silo (Server-Sent Events): event activity (id: the activity id), " +
                "event dropped with {\"dropped\": n} when this client fell behind, a ': ping' comment every 15 s; Last-Event-ID replays up to 60 s.");
        return admin;
    }

    private static async Task<EmptyHttpResult> StreamAsync(
        HttpContext http, LiveActivityHub hub,
        [FromQuery(Name = "user_id")] Guid? userId, [FromQuery(Name = "activity_type")] string? activityType,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId)
    {
        if (activityType is not null && !ActivityTypes.IsValid(activityType))
        {
            throw new ValidationException("activity_type", "A built-in type or a custom name matching ^[a-z][a-z0-9_]{2,49}$.");
        }

        var caller = http.GetCaller();
        var aborted = http.RequestAborted;
        var subscription = await hub.SubscribeAsync(caller.TenantId, userId, activityType, lastEventId, aborted);
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var body = http.Response.Body;
            await WriteAsync(body, "retry: 2000\n\n", aborted);

            var reader = subscription.Events;
            while (!aborted.IsCancellationRequested)
            {
                using var ping = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                ping.CancelAfter(PingInterval);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(ping.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await WriteAsync(body, ": ping\n\n", aborted);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                var text = new StringBuilder();
                while (reader.TryRead(out var e))
                {
                    // Told before the next event it received: how many it lost by reading slower than they came.
                    if (subscription.TakeDropped() is var dropped and > 0)
                    {
                        text.Append("event: dropped\ndata: {\"dropped\":").Append(dropped).Append("}\n\n");
                    }

                    text.Append("id: ").Append(e.Id).Append("\nevent: activity\n");
                    // One line of JSON from the silos; should a line break ever be in it, each line is its own data line (SSE joins them).
                    foreach (var line in e.Data.Split('\n'))
                    {
                        text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
                    }

                    text.Append('\n');
                }

                await WriteAsync(body, text.ToString(), aborted);
            }
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            hub.Unsubscribe(subscription);
        }

        return TypedResults.Empty;
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
