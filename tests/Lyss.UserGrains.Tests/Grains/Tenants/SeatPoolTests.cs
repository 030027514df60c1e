using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Tenants;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Tests.Grains.Tenants;

public sealed class SeatPoolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AdmissionTerms Terms = new("member", true, ["example.com"], ["auditor"]);

    [Fact]
    public void A_lone_registration_goes_to_the_tenant_and_a_burst_takes_leased_seats()
    {
        var pool = new SeatPool();
        Assert.True(pool.Direct(T0));
        pool.TookDirect(T0);

        var next = T0 + TimeSpan.FromMilliseconds(30);
        Assert.False(pool.Direct(next));
        Assert.True(pool.NeedsLease(next));
        pool.Granted(new SeatLease(Guid.NewGuid(), 2, Terms, false), next);
        Assert.False(pool.NeedsLease(next));

        Assert.Equal("member", pool.Take("a@example.com", null, next).Role);
        Assert.Equal("auditor", pool.Take("b@example.com", "auditor", next).Role);
        Assert.True(pool.NeedsLease(next));

        // Quiet for longer than a burst after the lease is settled: direct again.
        pool.Settle();
        Assert.True(pool.Direct(next + SeatPool.Burst + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void The_leases_terms_refuse_without_using_a_seat()
    {
        var pool = new SeatPool();
        var lease = new SeatLease(Guid.NewGuid(), 1, Terms, false);
        pool.Granted(lease, T0);

        Assert.Equal("email", Assert.Throws<ValidationException>(() => pool.Take("a@elsewhere.example", null, T0)).Errors.Keys.Single());
        Assert.Equal("role", Assert.Throws<ValidationException>(() => pool.Take("a@example.com", "owner-ish", T0)).Errors.Keys.Single());

        var admission = pool.Take("a@example.com", null, T0);
        Assert.Equal(lease.Id, admission.LeaseId);
        Assert.Equal((lease.Id, 1), pool.Settle());
    }

    [Fact]
    public void Terms_older_than_a_second_are_leased_again()
    {
        var pool = new SeatPool();
        pool.Granted(new SeatLease(Guid.NewGuid(), 100, Terms, false), T0);

        Assert.False(pool.NeedsLease(T0 + SeatPool.TermsFreshness - TimeSpan.FromMilliseconds(1)));
        Assert.True(pool.NeedsLease(T0 + SeatPool.TermsFreshness));
    }

    [Fact]
    public void A_seat_given_back_returns_to_its_lease_until_the_lease_is_settled()
    {
        var pool = new SeatPool();
        var lease = new SeatLease(Guid.NewGuid(), 3, Terms, false);
        pool.Granted(lease, T0);
        pool.Take("a@example.com", null, T0);
        pool.Take("b@example.com", null, T0);

        Assert.True(pool.GiveBack(lease.Id));
        Assert.False(pool.GiveBack(Guid.NewGuid()));
        Assert.Equal((lease.Id, 1), pool.Settle());
        Assert.False(pool.GiveBack(lease.Id)); // settled: the tenant must release that seat
    }

    [Fact]
    public void A_lease_used_up_quickly_asks_for_twice_as_many_and_an_idle_one_is_returned()
    {
        var pool = new SeatPool();
        var first = pool.Wanted;
        pool.Granted(new SeatLease(Guid.NewGuid(), first, Terms, false), T0);
        for (var i = 0; i < first; i++)
        {
            pool.Take($"u{i}@example.com", null, T0);
        }

        pool.Settle();
        Assert.Equal(first * 2, pool.Wanted);

        pool.Granted(new SeatLease(Guid.NewGuid(), 16, Terms, false), T0);
        pool.Take("x@example.com", null, T0);
        Assert.False(pool.Idle(T0 + SeatPool.IdleReturn - TimeSpan.FromMilliseconds(1)));
        Assert.True(pool.Idle(T0 + SeatPool.IdleReturn));
    }
}
