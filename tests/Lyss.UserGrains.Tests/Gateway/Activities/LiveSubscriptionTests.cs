using Lyss.UserGrains.Gateway.Activities.Live;

namespace Lyss.UserGrains.Tests.Gateway.Activities;

public sealed class LiveSubscriptionTests
{
    private static LiveEvent Event(int n, Guid? user = null, string type = "case_view") =>
        new(Guid.NewGuid().ToString(), user ?? Guid.Empty, type, $"{{\"n\":{n}}}");

    [Fact]
    public void A_slow_client_loses_the_oldest_events_and_is_told_how_many()
    {
        var subscription = new LiveSubscription(Guid.NewGuid(), null, null, capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            subscription.Offer(Event(i));
        }

        Assert.Equal(6, subscription.TakeDropped());
        Assert.Equal(0, subscription.TakeDropped());
        var kept = new List<string>();
        while (subscription.Events.TryRead(out var e))
        {
            kept.Add(e.Data);
        }

        Assert.Equal(["{\"n\":6}", "{\"n\":7}", "{\"n\":8}", "{\"n\":9}"], kept);
    }

    [Fact]
    public void Filters_keep_only_the_user_and_type_asked_for()
    {
        var user = Guid.NewGuid();
        var subscription = new LiveSubscription(Guid.NewGuid(), user, "login");
        subscription.Offer(Event(1, user, "login"));
        subscription.Offer(Event(2, Guid.NewGuid(), "login"));
        subscription.Offer(Event(3, user, "case_view"));
        Assert.True(subscription.Events.TryRead(out var only));
        Assert.Equal("{\"n\":1}", only.Data);
        Assert.False(subscription.Events.TryRead(out _));
        Assert.Equal(0, subscription.TakeDropped());
    }
}
