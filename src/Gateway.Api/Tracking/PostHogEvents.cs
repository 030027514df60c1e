using Lyss.UserGrains.Gateway.Common;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using static Lyss.UserGrains.Gateway.Tracking.TrackingJson;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// PostHog's captured events as activities: <c>distinct_id</c> names a user (id or external id) or
/// a visitor; <c>$identify</c> with <c>$anon_distinct_id</c> and <c>$create_alias</c> link a visitor
/// to a user; <c>$pageview</c>/<c>$screen</c> are page_view/screen_view; <c>$groupidentify</c> is
/// group_identify; other names become types like Segment's track names.
/// </summary>
public static class PostHogEvents
{
    // The SDK's own bookkeeping and what is mapped to columns: not kept in details.
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "$lib", "$lib_version", "$is_server", "$geoip_disable", "$process_person_profile", "$set", "$set_once",
        "$anon_distinct_id", "$ip", "$raw_user_agent", "$useragent", "$session_id", "distinct_id", "alias",
        "$group_type", "$group_key", "$group_set", "token", "api_key",
    };

    public static (TrackingEvent? Event, string? Problem) Map(JsonElement message, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        try
        {
            return MapChecked(message, sentAt, receivedAt);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate ("\ud800") fails the item, not the batch.
            return (null, "A text is not valid Unicode (a lone surrogate).");
        }
    }

    private static (TrackingEvent? Event, string? Problem) MapChecked(JsonElement message, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return (null, "An event is not a JSON object.");
        }

        var name = Text(message, "event");
        var properties = Get(message, "properties");
        var distinctId = Text(message, "distinct_id") ?? Text(properties, "distinct_id") ?? Text(message, "$distinct_id");
        if (string.IsNullOrEmpty(name))
        {
            return (null, "event: required.");
        }

        if (distinctId is null || SegmentMessages.Subject(distinctId) is not null)
        {
            return (null, "distinct_id: required, 1 to 255 characters of plain text.");
        }

        var details = DetailsJson.Start();
        string activityType;
        string? resourceType = null, resourceId = null, linkVisitor = null, otherSide = null;
        switch (name)
        {
            case "$identify":
                activityType = ActivityTypes.Identify;
                details.Add("traits", Get(properties, "$set")).Add("traits_once", Get(properties, "$set_once"));
                linkVisitor = Text(properties, "$anon_distinct_id");
                break;
            case "$create_alias":
                activityType = ActivityTypes.Alias;
                var alias = Text(properties, "alias");
                if (alias is null || SegmentMessages.Subject(alias) is not null)
                {
                    return (null, "properties.alias: required for $create_alias.");
                }

                (linkVisitor, otherSide) = (alias, alias);
                details.Add("alias", alias);
                break;
            case "$groupidentify":
                activityType = ActivityTypes.GroupIdentify;
                var (groupType, groupKey) = (Text(properties, "$group_type"), Text(properties, "$group_key"));
                (resourceType, resourceId) = ("group", groupKey is null ? null : $"{groupType}:{groupKey}");
                details.Add("group_type", groupType).Add("group_key", groupKey).Add("traits", Get(properties, "$group_set"));
                break;
            case "$pageview" or "$screen":
                activityType = name == "$pageview" ? ActivityTypes.PageView : ActivityTypes.ScreenView;
                resourceType = name == "$pageview" ? "page" : "screen";
                resourceId = Text(properties, "$pathname") ?? Text(properties, "$current_url") ?? Text(properties, "$screen_name");
                details.CopyFrom(properties, Mapped.Contains);
                break;
            default:
                activityType = EventNames.ToActivityType(name);
                details.CopyFrom(properties, Mapped.Contains).Add("event", name);
                break;
        }

        var activity = new TrackActivity
        {
            ActivityType = activityType,
            OverflowType = ActivityTypes.Known.Contains(activityType) ? null : ActivityTypes.CustomEvent,
            ResourceType = resourceType,
            ResourceId = resourceId is null ? null : PlainText.Cut(resourceId, ActivityLimits.ResourceIdLength),
            Details = details.Build(),
            IpAddress = Text(properties, "$ip"),
            UserAgent = Text(properties, "$raw_user_agent") ?? Text(properties, "$useragent"),
            SessionId = Text(properties, "$session_id"),
            OccurredAt = ClockSkew.Correct(Time(message, "timestamp"), sentAt, receivedAt),
            MessageId = Text(message, "uuid"),
            ClientReported = true,
        };
        return (new TrackingEvent(distinctId, null, activity) { LinkVisitor = linkVisitor, OtherSide = otherSide }, null);
    }
}
