using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Activities;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class CustomActivityTypesTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_tenant_uses_at_most_200_custom_types_the_known_ones_and_seed_types_stay_open()
    {
        var tenant = await NewTenantAsync(fixture.Client);
        var user = fixture.Client.GetGrain<IUserGrain>((await RegisterAsync(fixture.Client, tenant, autoActivate: true)).User.Id);
        var first = Enumerable.Range(0, 200).Select(i => new TrackActivity { ActivityType = $"custom_{i:000}" }).ToList();
        Assert.All(await user.TrackBatchAsync(first, tenant, AckMode.Buffered), r => Assert.Equal(TrackStatus.Accepted, r.Status));

        var results = await user.TrackBatchAsync(
            [new TrackActivity { ActivityType = "custom_200" }, new TrackActivity { ActivityType = "custom_007" }, new TrackActivity { ActivityType = "case_view" }],
            tenant, AckMode.Buffered);
        Assert.Equal(TrackStatus.Rejected, results[0].Status);
        Assert.Equal("activity_type", results[0].Field);
        Assert.Equal(TrackStatus.Accepted, results[1].Status);
        Assert.Equal(TrackStatus.Accepted, results[2].Status);

        // Tracking protocols name an overflow type: past the cap the event is kept as custom_event, for users and visitors.
        var overflow = new TrackActivity { ActivityType = "custom_201", OverflowType = ActivityTypes.CustomEvent };
        var kept = await user.TrackAsync(overflow, tenant);
        Assert.Equal(TrackStatus.Accepted, kept.Status);
        var visitor = fixture.Client.GetGrain<Lyss.UserGrains.Visitors.IVisitorGrain>(Lyss.UserGrains.Visitors.VisitorIds.IdFor(tenant, "anon-" + Guid.NewGuid()));
        var visitorResults = await visitor.TrackBatchAsync([overflow, new TrackActivity { ActivityType = "custom_202" }], tenant, AckMode.Durable);
        Assert.Equal([TrackStatus.Accepted, TrackStatus.Rejected], visitorResults.Select(r => r.Status));
        await Eventually.MatchAsync(
            async () => (await fixture.Client.GetGrain<IActivityQueryGrain>(0).ListUserActivitiesAsync(user.GetPrimaryKey(), tenant, 1, 10, 0)).Items,
            items => items.Any(a => a.ActivityType == ActivityTypes.CustomEvent), TimeSpan.FromSeconds(15), "the overflowed activity");

        // Another tenant counts its own.
        var other = await NewTenantAsync(fixture.Client);
        var stranger = fixture.Client.GetGrain<IUserGrain>((await RegisterAsync(fixture.Client, other, autoActivate: true)).User.Id);
        Assert.Equal(TrackStatus.Accepted, (await stranger.TrackAsync(new TrackActivity { ActivityType = "custom_200" }, other)).Status);
    }
}
