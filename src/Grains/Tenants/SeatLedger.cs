using Lyss.UserGrains.Errors;

namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>
/// A tenant's seats: counted members plus seats leased to silos' pools never exceed the limit. A
/// lease settles with how many of its seats became members; one not settled by its expiry (its silo
/// died) counts as fully used, and the members are counted again once the tenant is quiet. Decides
/// without I/O; the tenant grain persists the state after.
/// </summary>
public sealed class SeatLedger(TenantState state)
{
    /// <summary>How long a pool may hold a lease without settling it (pools settle within a second or two).</summary>
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The most seats one lease reserves.</summary>
    public const int MaxLease = 256;

    public int Leased => state.Leases.Values.Sum(l => l.Seats);

    /// <summary>Seats neither counted nor leased (int.MaxValue without a limit).</summary>
    public int Free => state.SeatLimit is { } limit ? Math.Max(0, limit - state.MemberCount - Leased) : int.MaxValue;

    /// <summary>One seat for a registration admitted directly; 409 when none is free.</summary>
    public void AdmitOne()
    {
        if (Free < 1)
        {
            throw Full();
        }

        state.MemberCount++;
    }

    /// <summary>A member left: its seat is free.</summary>
    public void Release()
    {
        // With leases open the count may trail seats already used; it never goes below what is leased back.
        if (state.MemberCount > 0 || state.Leases.Count > 0)
        {
            state.MemberCount--;
        }
    }

    /// <summary>Ends lease <paramref name="id"/>, of which <paramref name="used"/> seats became members. False when it is not open (settled, or expired and counted).</summary>
    public bool Settle(Guid id, int used)
    {
        if (!state.Leases.Remove(id, out var lease))
        {
            return false;
        }

        state.MemberCount += Math.Clamp(used, 0, lease.Seats);
        return true;
    }

    /// <summary>Counts the leases past their expiry as fully used; true when there were any.</summary>
    public bool ExpireLost(DateTimeOffset now)
    {
        var lost = state.Leases.Where(l => l.Value.ExpiresAt <= now).ToList();
        foreach (var (id, lease) in lost)
        {
            state.Leases.Remove(id);
            state.MemberCount += lease.Seats;
            state.AssumedSeats += lease.Seats;
        }

        state.RecountMembers |= lost.Count > 0;
        return lost.Count > 0;
    }

    /// <summary>
    /// Reserves up to <paramref name="wanted"/> seats. Under a limit a lease takes at most half the free
    /// seats (at least one), so pools on other silos still find seats near the end.
    /// </summary>
    public (Guid Id, int Seats) Lease(int wanted, DateTimeOffset now)
    {
        var free = Free;
        var seats = Math.Clamp(wanted, 1, MaxLease);
        if (state.SeatLimit is not null)
        {
            seats = Math.Min(seats, Math.Max(free / 2, Math.Min(free, 1)));
        }

        if (seats == 0)
        {
            return (Guid.Empty, 0);
        }

        var id = Guid.NewGuid();
        state.Leases[id] = new SeatLeaseState { Seats = seats, ExpiresAt = now + LeaseLifetime };
        return (id, seats);
    }

    /// <summary>A lower limit must leave room for the members and the seats leased to registrations in flight.</summary>
    public bool Fits(int limit) => state.MemberCount + Leased <= limit;

    /// <summary>
    /// Takes back the seats of lost leases that PostgreSQL shows unused; only when no lease is open. Never
    /// below the count before those leases were assumed used: a member whose rows are not committed yet
    /// (or whose leaving is committed but not yet released) keeps its seat.
    /// </summary>
    public bool Recount(long members)
    {
        if (state.Leases.Count > 0)
        {
            return false;
        }

        state.MemberCount = Math.Clamp((int)members, state.MemberCount - state.AssumedSeats, state.MemberCount);
        state.AssumedSeats = 0;
        state.RecountMembers = false;
        return true;
    }

    public ConflictException Full() =>
        new($"The tenant's {state.SeatLimit} seats are all taken.") { Code = "seat_limit_reached" };
}
