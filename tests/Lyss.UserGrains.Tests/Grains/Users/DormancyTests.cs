using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Users;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class DormancyTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task After_the_clock_passes_the_threshold_dormant_users_are_reported_and_deactivated_when_enabled()
    {
        var grains = fixture.Client;
        var reporting = await NewTenantAsync(grains, new CreateTenantCommand { Name = "Reports only", DormancyDays = 30 });
        var enforcing = await NewTenantAsync(grains, new CreateTenantCommand { Name = "Enforces", DormancyDays = 30, DeactivateDormantUsers = true });
        var quiet = (await RegisterAsync(grains, enforcing, autoActivate: true)).User.Id;
        var recent = (await RegisterAsync(grains, enforcing, autoActivate: true)).User.Id;
        var reported = (await RegisterAsync(grains, reporting, autoActivate: true)).User.Id;

        Assert.Empty(await grains.GetGrain<ITenantGrain>(enforcing).SweepDormantAsync());
        try
        {
            fixture.Clock.Offset = TimeSpan.FromDays(31);
            // One user logs in "now" (31 days later), so only the other is dormant.
            await grains.GetGrain<IUserGrain>(recent).TrackAsync(new TrackActivity { ActivityType = "login", Details = """{"success":true}""", Ack = AckMode.Durable }, enforcing);
            Assert.Equal([quiet], await grains.GetGrain<ITenantGrain>(enforcing).SweepDormantAsync());
            Assert.Equal([reported], await grains.GetGrain<ITenantGrain>(reporting).SweepDormantAsync());
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }

        var swept = (await grains.GetGrain<IUserGrain>(quiet).GetAsync())!;
        Assert.Equal(UserStatus.Inactive, swept.Status);
        Assert.Equal("dormant", swept.DeactivationReason);
        Assert.Equal(UserStatus.Active, (await grains.GetGrain<IUserGrain>(recent).GetAsync())!.Status);
        Assert.Equal(UserStatus.Active, (await grains.GetGrain<IUserGrain>(reported).GetAsync())!.Status);
    }
}
