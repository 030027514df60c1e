using Lyss.UserGrains.Gateway.Common;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Visitors;
using static Lyss.UserGrains.Gateway.Tracking.TrackingJson;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Segment's (and RudderStack's) messages as activities: track by its event name, page and screen as
/// page_view and screen_view, identify, group and alias as such; the item's context (falling back to
/// the batch's) gives the client's address, agent and location; the client's clock is corrected by sentAt.
/// </summary>
public static class SegmentMessages
{
    /// <summary>The batch a message came in: its context and sentAt apply to items that lack their own.</summary>
    public readonly record struct Envelope(JsonElement Context, DateTimeOffset? SentAt, DateTimeOffset ReceivedAt);

    public static bool IsCallType(string? type) => type is "track" or "identify" or "page" or "screen" or "group" or "alias";

    /// <summary>The event, or why the item is dropped.</summary>
    public static (TrackingEvent? Event, string? Problem) Map(JsonElement message, string? callType, in Envelope envelope)
    {
        try
        {
            return MapChecked(message, callType, envelope);
        }
        catch (InvalidOperationException)
        {
            // JSON may escape a lone surrogate ("\ud800"), which no .NET string or writer takes: the item, not the batch, is bad.
            return (null, "A text is not valid Unicode (a lone surrogate).");
        }
    }

    private static (TrackingEvent? Event, string? Problem) MapChecked(JsonElement message, string? callType, in Envelope envelope)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return (null, "An item is not a JSON object.");
        }

        var type = callType ?? Text(message, "type");
        if (!IsCallType(type))
        {
            return (null, "type: one of track, identify, page, screen, group, alias.");
        }

        var userId = Text(message, "userId");
        var anonymousId = Text(message, "anonymousId");
        if ((Subject(userId) ?? Subject(anonymousId)) is { } bad)
        {
            return (null, bad);
        }

        if (userId is null && anonymousId is null)
        {
            return (null, "userId or anonymousId is required.");
        }

        var context = Get(message, "context");
        var properties = Get(message, "properties");
        var details = DetailsJson.Start();
        string activityType;
        string? resourceType = null, resourceId = null, linkVisitor = null;
        switch (type)
        {
            case "track":
                var name = Text(message, "event");
                if (string.IsNullOrWhiteSpace(name))
                {
                    return (null, "event: required for track.");
                }

                activityType = EventNames.ToActivityType(name);
                details.CopyFrom(properties).Add("event", name);
                break;
            case "page" or "screen":
                activityType = type == "page" ? ActivityTypes.PageView : ActivityTypes.ScreenView;
                var title = Text(message, "name");
                resourceType = type;
                resourceId = Text(properties, "path") ?? Text(properties, "url") ?? title;
                details.CopyFrom(properties).Add("name", title).Add("category", Text(message, "category"));
                break;
            case "identify":
                // Traits are what the client said of the person; the identity stays the user's and the home tenant's.
                activityType = ActivityTypes.Identify;
                details.Add("traits", Get(message, "traits"));
                linkVisitor = userId is not null ? anonymousId : null;
                break;
            case "group":
                var groupId = Text(message, "groupId");
                if (groupId is null)
                {
                    return (null, "groupId: required for group.");
                }

                activityType = ActivityTypes.GroupIdentify;
                (resourceType, resourceId) = ("group", groupId);
                details.Add("group_id", groupId).Add("traits", Get(message, "traits"));
                break;
            default:
                var previousId = Text(message, "previousId");
                if (userId is null || previousId is null || Subject(previousId) is not null)
                {
                    return (null, "alias: userId and previousId are required.");
                }

                activityType = ActivityTypes.Alias;
                linkVisitor = previousId;
                details.Add("previous_id", previousId);
                break;
        }

        details.AddGeo(GetIn("location", context, envelope.Context));
        var timestamp = Time(message, "timestamp") ?? Time(message, "originalTimestamp");
        var activity = new TrackActivity
        {
            ActivityType = activityType,
            OverflowType = ActivityTypes.Known.Contains(activityType) ? null : ActivityTypes.CustomEvent,
            ResourceType = resourceType,
            ResourceId = resourceId is null ? null : PlainText.Cut(resourceId, ActivityLimits.ResourceIdLength),
            Details = details.Build(),
            IpAddress = TextIn("ip", context, envelope.Context),
            UserAgent = TextIn("userAgent", context, envelope.Context),
            SessionId = TextIn("sessionId", context, envelope.Context),
            OccurredAt = ClockSkew.Correct(timestamp, Time(message, "sentAt") ?? envelope.SentAt, envelope.ReceivedAt),
            MessageId = Text(message, "messageId"),
            ClientReported = true,
        };
        return (new TrackingEvent(userId, anonymousId, activity) { LinkVisitor = linkVisitor }, null);
    }

    /// <summary>Why a client's id cannot name anyone, or null.</summary>
    internal static string? Subject(string? id) =>
        id is null ? null
        : id.Length is 0 or > VisitorIds.MaxAnonymousIdLength ? $"userId/anonymousId: 1 to {VisitorIds.MaxAnonymousIdLength} characters."
        : PlainText.Problem(id) is { } problem ? "userId/anonymousId: " + problem
        : null;
}
