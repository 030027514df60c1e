using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Visitors;

namespace Lyss.UserGrains.Tests.Gateway.Tracking;

/// <summary>How Segment and PostHog messages become activities, without a cluster (fixed times).</summary>
public sealed class TrackingMappingTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Order Completed", "order_completed")]
    [InlineData("orderCompleted", "order_completed")]
    [InlineData("HTTPRequest Sent", "http_request_sent")]
    [InlineData("  checkout--step 2 ", "checkout_step_2")]
    [InlineData("Login", "login")]
    [InlineData("Model Usage", "model_usage")]
    [InlineData("$autocapture", "autocapture")]
    [InlineData("42 things", "custom_event")]
    [InlineData("ab", "custom_event")]
    [InlineData("下单", "custom_event")]
    [InlineData("", "custom_event")]
    public void Event_names_become_seed_types_or_snake_case_custom_types(string name, string type) =>
        Assert.Equal(type, EventNames.ToActivityType(name));

    [Fact]
    public void A_long_name_is_cut_to_a_valid_custom_type() =>
        Assert.True(ActivityTypes.IsValid(EventNames.ToActivityType(string.Join(' ', Enumerable.Repeat("Very Long Words", 10)))));

    [Fact]
    public void The_clock_correction_takes_the_age_by_the_clients_clock_from_our_receipt()
    {
        var ahead = TimeSpan.FromHours(1);
        var happened = Received.AddSeconds(-30);
        Assert.Equal(happened, ClockSkew.Correct(happened + ahead, Received + ahead, Received));
        Assert.Equal(happened, ClockSkew.Correct(happened, null, Received));
        Assert.Null(ClockSkew.Correct(null, Received + ahead, Received));
    }

    [Fact]
    public void A_segment_track_takes_context_from_the_item_then_the_batch_and_keeps_the_event_name()
    {
        using var batch = JsonDocument.Parse("""{"context":{"ip":"192.0.2.1","userAgent":"batch-agent","location":{"latitude":52.5,"longitude":13.4,"country":"DE"}},"sentAt":"2026-12-03T13:00:05Z"}""");
        using var item = JsonDocument.Parse("""
            {"type":"track","userId":"crm-7","event":"Order Completed","properties":{"total":9,"event":"mine"},
             "context":{"ip":"203.0.113.9"},"timestamp":"2026-12-03T13:00:00Z","messageId":"m-1"}
            """);
        var envelope = new SegmentMessages.Envelope(batch.RootElement.GetProperty("context"), DateTimeOffset.Parse("2026-12-03T13:00:05Z"), Received);
        var (e, problem) = SegmentMessages.Map(item.RootElement, null, envelope);
        Assert.Null(problem);
        var a = e!.Activity;
        Assert.Equal(("crm-7", "order_completed", ActivityTypes.CustomEvent), (e.UserId, a.ActivityType, a.OverflowType));
        Assert.Equal(("203.0.113.9", "batch-agent", "m-1"), (a.IpAddress, a.UserAgent, a.MessageId));
        Assert.Equal(Received.AddSeconds(-5), a.OccurredAt);
        using var details = JsonDocument.Parse(a.Details!);
        Assert.Equal("mine", details.RootElement.GetProperty("event").GetString()); // the client's own key wins
        Assert.Equal(9, details.RootElement.GetProperty("total").GetInt32());
        Assert.Equal((52.5, 13.4, "DE"), (details.RootElement.GetProperty("geo").GetProperty("lat").GetDouble(),
            details.RootElement.GetProperty("geo").GetProperty("lon").GetDouble(), details.RootElement.GetProperty("geo").GetProperty("country").GetString()));
    }

    [Theory]
    [InlineData("""{"type":"track","event":"No Subject"}""")]
    [InlineData("""{"type":"track","userId":"u"}""")]
    [InlineData("""{"type":"fly","userId":"u"}""")]
    [InlineData("""{"type":"alias","userId":"u"}""")]
    [InlineData("""{"type":"group","userId":"u"}""")]
    [InlineData("""{"type":"track","userId":"a\u0000b","event":"E"}""")]
    [InlineData("""[1]""")]
    public void A_segment_message_without_what_its_call_needs_is_dropped(string json)
    {
        using var item = JsonDocument.Parse(json);
        var (e, problem) = SegmentMessages.Map(item.RootElement, null, new SegmentMessages.Envelope(default, null, Received));
        Assert.Null(e);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Identify_keeps_traits_on_the_event_and_links_its_anonymous_id()
    {
        using var item = JsonDocument.Parse("""{"userId":"u-1","anonymousId":"a-1","traits":{"email":"x@example.com","name":"Changed"}}""");
        var (e, _) = SegmentMessages.Map(item.RootElement, "identify", new SegmentMessages.Envelope(default, null, Received));
        Assert.Equal((ActivityTypes.Identify, "a-1"), (e!.Activity.ActivityType, e.LinkVisitor));
        Assert.Equal("Changed", JsonDocument.Parse(e.Activity.Details!).RootElement.GetProperty("traits").GetProperty("name").GetString());
    }

    [Fact]
    public void PostHog_events_map_pageviews_identify_and_alias()
    {
        using var batch = JsonDocument.Parse("""
            [{"event":"$pageview","distinct_id":"d-1","properties":{"$pathname":"/p","$lib":"posthog-node","$ip":"198.51.100.1","$session_id":"s"},"uuid":"u-1"},
             {"event":"$identify","distinct_id":"user-9","properties":{"$set":{"plan":"pro"},"$anon_distinct_id":"d-1"}},
             {"event":"$create_alias","distinct_id":"user-9","properties":{"distinct_id":"user-9","alias":"d-2"}}]
            """);
        var events = batch.RootElement.EnumerateArray().Select(m => PostHogEvents.Map(m, null, Received).Event!).ToList();
        Assert.Equal((ActivityTypes.PageView, "/p", "198.51.100.1", "s"), (events[0].Activity.ActivityType, events[0].Activity.ResourceId, events[0].Activity.IpAddress, events[0].Activity.SessionId));
        Assert.False(JsonDocument.Parse(events[0].Activity.Details!).RootElement.TryGetProperty("$lib", out _));
        Assert.Equal(("user-9", "d-1"), (events[1].UserId, events[1].LinkVisitor));
        Assert.Equal(("user-9", "d-2", "d-2"), (events[2].UserId, events[2].LinkVisitor, events[2].OtherSide));
    }

    [Fact]
    public void Visitor_ids_are_per_tenant_version_8_and_never_a_users()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(VisitorIds.IdFor(a, "anon"), VisitorIds.IdFor(a, "anon"));
        Assert.NotEqual(VisitorIds.IdFor(a, "anon"), VisitorIds.IdFor(b, "anon"));
        Assert.True(VisitorIds.IsVisitor(VisitorIds.IdFor(a, "anon")));
        Assert.False(VisitorIds.IsVisitor(Guid.CreateVersion7()));
        Assert.False(VisitorIds.IsVisitor(Guid.NewGuid()));
    }
}
