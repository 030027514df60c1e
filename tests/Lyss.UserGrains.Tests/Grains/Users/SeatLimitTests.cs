using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Tests.Infrastructure;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Users;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class SeatLimitTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Racing_registrations_for_the_last_seats_fill_exactly_the_limit()
    {
        var tenant = await NewTenantAsync(fixture.Client, new CreateTenantCommand { Name = "Three seats", SeatLimit = 3 });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await RegisterAsync(fixture.Client, tenant);
                return "ok";
            }
            catch (ConflictException e)
            {
                return e.Code;
            }
        }));

        Assert.Equal(3, outcomes.Count(o => o == "ok"));
        Assert.Equal(7, outcomes.Count(o => o == "seat_limit_reached"));
        Assert.Equal(3, (await fixture.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount);
    }
}
