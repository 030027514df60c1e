using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Tenants;

namespace Lyss.UserGrains.Tests.Grains.Tenants;

public sealed class SeatLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Leases_and_members_never_exceed_the_limit()
    {
        var state = new TenantState { Exists = true, SeatLimit = 10, MemberCount = 2 };
        var ledger = new SeatLedger(state);

        var first = ledger.Lease(64, T0);
        Assert.Equal(4, first.Seats); // half of the 8 free seats
        var second = ledger.Lease(64, T0);
        Assert.Equal(2, second.Seats);
        Assert.Equal(1, ledger.Lease(64, T0).Seats);
        Assert.Equal(1, ledger.Lease(64, T0).Seats);
        Assert.Equal((Guid.Empty, 0), ledger.Lease(64, T0));
        Assert.Equal(10, state.MemberCount + ledger.Leased);
        Assert.Throws<ConflictException>(ledger.AdmitOne);
    }

    [Fact]
    public void A_settled_lease_counts_what_it_used_and_frees_the_rest()
    {
        var state = new TenantState { Exists = true, SeatLimit = 100 };
        var ledger = new SeatLedger(state);
        var lease = ledger.Lease(20, T0);

        Assert.True(ledger.Settle(lease.Id, 15));
        Assert.Equal(15, state.MemberCount);
        Assert.Equal(0, ledger.Leased);
        Assert.Equal(85, ledger.Free);
        Assert.False(ledger.Settle(lease.Id, 15)); // settled once
        Assert.Equal(15, state.MemberCount);
    }

    [Fact]
    public void A_pool_cannot_claim_more_seats_than_its_lease_held()
    {
        var state = new TenantState { Exists = true };
        var ledger = new SeatLedger(state);
        var lease = ledger.Lease(8, T0);

        ledger.Settle(lease.Id, 1000);

        Assert.Equal(8, state.MemberCount);
    }

    [Fact]
    public void A_lease_never_settled_counts_as_used_and_asks_for_a_recount()
    {
        var state = new TenantState { Exists = true, SeatLimit = 50 };
        var ledger = new SeatLedger(state);
        var lost = ledger.Lease(10, T0);

        Assert.False(ledger.ExpireLost(T0 + SeatLedger.LeaseLifetime - TimeSpan.FromSeconds(1)));
        Assert.True(ledger.ExpireLost(T0 + SeatLedger.LeaseLifetime));
        Assert.Equal(10, state.MemberCount);
        Assert.True(state.RecountMembers);
        Assert.False(ledger.Settle(lost.Id, 3)); // too late: it was counted whole

        Assert.True(ledger.Recount(3));
        Assert.Equal(3, state.MemberCount);
        Assert.False(state.RecountMembers);
    }

    [Fact]
    public void No_recount_while_a_lease_is_open()
    {
        var state = new TenantState { Exists = true, MemberCount = 7, RecountMembers = true };
        var ledger = new SeatLedger(state);
        ledger.Lease(4, T0);

        Assert.False(ledger.Recount(2));
        Assert.Equal(7, state.MemberCount);
    }

    [Fact]
    public void A_lower_limit_must_leave_room_for_leased_seats()
    {
        var state = new TenantState { Exists = true, MemberCount = 5 };
        var ledger = new SeatLedger(state);
        ledger.Lease(10, T0);

        Assert.False(ledger.Fits(14));
        Assert.True(ledger.Fits(15));
    }

    [Fact]
    public void Without_a_limit_leases_take_what_they_ask_up_to_the_cap()
    {
        var ledger = new SeatLedger(new TenantState { Exists = true });

        Assert.Equal(SeatLedger.MaxLease, ledger.Lease(10_000, T0).Seats);
        Assert.Equal(1, ledger.Lease(0, T0).Seats);
    }

    [Fact]
    public void A_recount_never_takes_seats_below_what_was_counted_before_the_lost_lease()
    {
        var state = new TenantState { Exists = true, SeatLimit = 50, MemberCount = 5 };
        var ledger = new SeatLedger(state);
        ledger.Lease(10, T0);
        ledger.ExpireLost(T0 + SeatLedger.LeaseLifetime);
        Assert.Equal(15, state.MemberCount);

        // PostgreSQL shows 2: three of the five counted members have not committed their rows yet.
        Assert.True(ledger.Recount(2));
        Assert.Equal(5, state.MemberCount);
        Assert.Equal(0, state.AssumedSeats);
    }
}
