using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>
/// One silo's seats of one tenant, in memory: hands out the seats of its current lease, by the terms
/// the lease carries, and says when to lease again (none left, or terms older than a second) and
/// when to give the lease back (idle). A lone registration goes to the tenant grain directly, so its
/// member count moves at once. Decides without I/O; <see cref="SeatPoolGrain"/> does the calls.
/// </summary>
public sealed class SeatPool
{
    /// <summary>A change of the tenant's roles, domains or defaults reaches the pool within this.</summary>
    public static readonly TimeSpan TermsFreshness = TimeSpan.FromSeconds(1);

    /// <summary>A lease no registration took from for this long is settled.</summary>
    public static readonly TimeSpan IdleReturn = TimeSpan.FromMilliseconds(250);

    /// <summary>Registrations closer than this to the previous one take leased seats.</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromSeconds(1);

    private const int FirstLease = 8;

    private Guid? _lease;
    private int _remaining;
    private int _used;
    private AdmissionTerms? _terms;
    private DateTimeOffset _leasedAt;
    private DateTimeOffset _lastTake = DateTimeOffset.MinValue;

    public int Wanted { get; private set; } = FirstLease;

    public bool HasLease => _lease is not null;

    /// <summary>No lease and no registration in the last second: the tenant grain admits this one itself.</summary>
    public bool Direct(DateTimeOffset now) => _lease is null && now - _lastTake > Burst;

    public bool NeedsLease(DateTimeOffset now) => _lease is null || _remaining == 0 || now - _leasedAt >= TermsFreshness;

    public void TookDirect(DateTimeOffset now) => _lastTake = now;

    /// <summary>Ends the current lease: its id and how many of its seats were taken (and not given back).</summary>
    public (Guid Id, int Used)? Settle()
    {
        if (_lease is not { } id)
        {
            return null;
        }

        // A lease used up within its freshness asks for twice as many next time; one that aged asks for what it used.
        Wanted = _remaining == 0 ? Math.Min(Wanted * 2, SeatLedger.MaxLease) : Math.Max(FirstLease, _used * 2);
        var settled = (id, _used);
        (_lease, _remaining, _used) = (null, 0, 0);
        return settled;
    }

    public void Granted(SeatLease lease, DateTimeOffset now)
    {
        (_lease, _remaining, _used, _terms, _leasedAt) = (lease.Seats > 0 ? lease.Id : null, lease.Seats, 0, lease.Terms, now);
    }

    /// <summary>A seat of the current lease (400 for what the terms refuse, using no seat).</summary>
    public Admission Take(string email, string? requestedRole, DateTimeOffset now)
    {
        if (_lease is null || _remaining == 0 || _terms is null)
        {
            throw new InvalidOperationException("Lease before taking a seat.");
        }

        var admission = _terms.Admit(email, requestedRole, _lease);
        _remaining--;
        _used++;
        _lastTake = now;
        return admission;
    }

    /// <summary>Takes back a seat of the current lease; false when that lease is settled already (the tenant must release it).</summary>
    public bool GiveBack(Guid leaseId)
    {
        if (_lease != leaseId || _used == 0)
        {
            return false;
        }

        _used--;
        _remaining++;
        return true;
    }

    public bool Idle(DateTimeOffset now) => _lease is not null && now - _lastTake >= IdleReturn;
}
