using Lyss.UserGrains.Users;
using Lyss.UserGrains.Common;
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
        var outcomes = await RaceAsync(tenant, 10);

        Assert.Equal(3, outcomes.Count(o => o == "ok"));
        Assert.Equal(7, outcomes.Count(o => o == "seat_limit_reached"));
        // A seat used from a silo's lease is counted when that lease settles (at once, or when its pool idles).
        await Eventually.MatchAsync(async () => (await fixture.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount, n => n == 3,
            TimeSpan.FromSeconds(10), "the member count");
    }

    /// <summary>Registers <paramref name="count"/> users into the tenant at once: "ok" or the conflict's code for each.</summary>
    private Task<string[]> RaceAsync(Guid tenant, int count) => Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
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

    [Fact]
    public async Task A_burst_takes_seats_from_the_silos_pools_and_still_stops_exactly_at_the_limit()
    {
        var tenant = await NewTenantAsync(fixture.Client, new CreateTenantCommand { Name = "Hundred seats", SeatLimit = 100 });
        var outcomes = await RaceAsync(tenant, 160);

        Assert.Equal(100, outcomes.Count(o => o == "ok"));
        Assert.Equal(60, outcomes.Count(o => o == "seat_limit_reached"));
        // Leased seats settle when a pool goes idle: the count reaches the members within a moment, and stays.
        await Eventually.MatchAsync(async () => (await fixture.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount, n => n == 100,
            TimeSpan.FromSeconds(10), "the member count");
    }

    [Fact]
    public async Task A_burst_without_a_limit_counts_every_member_once_the_pools_settle()
    {
        var tenant = await NewTenantAsync(fixture.Client, new CreateTenantCommand { Name = "Open tenant" });
        await Task.WhenAll(Enumerable.Range(0, 120).Select(_ => RegisterAsync(fixture.Client, tenant)));

        await Eventually.MatchAsync(async () => (await fixture.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount, n => n == 120,
            TimeSpan.FromSeconds(10), "the member count");
    }

    [Fact]
    public async Task A_registration_refused_after_taking_its_seat_gives_the_seat_back()
    {
        var tenant = await NewTenantAsync(fixture.Client, new CreateTenantCommand { Name = "Two seats", SeatLimit = 2 });
        var actor = new ActorContext { Actor = "scim", TenantId = tenant };
        Task<RegistrationResult> Register(string name) => fixture.Client.GetGrain<IUserGrain>(Guid.NewGuid()).RegisterAsync(
            new RegisterUserCommand { Email = $"{name}.{tenant:N}@example.com", Name = name, ExternalId = "emp-1" }, actor);

        await Register("first");
        // The external id is claimed after the seat is taken (directly, then from the pool within a burst).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("external_id_taken", (await Assert.ThrowsAsync<ConflictException>(() => Register($"again{i}"))).Code);
        }

        await UserTestData.RegisterAsync(fixture.Client, tenant);
        Assert.Equal("seat_limit_reached", (await Assert.ThrowsAsync<ConflictException>(() => UserTestData.RegisterAsync(fixture.Client, tenant))).Code);
        await Eventually.MatchAsync(async () => (await fixture.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.MemberCount, n => n == 2,
            TimeSpan.FromSeconds(10), "the member count");
    }
}
