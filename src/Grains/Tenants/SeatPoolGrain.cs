using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Tenants;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>The silo's seat pool of one tenant (one activation per silo): a thin shell over <see cref="SeatPool"/>.</summary>
[StatelessWorker(1)]
public sealed class SeatPoolGrain(GrainClock clock) : Grain, ISeatPoolGrain
{
    private readonly SeatPool _pool = new();
    private IGrainTimer? _idle;

    private ITenantGrain Tenant => GrainFactory.GetGrain<ITenantGrain>(this.GetPrimaryKey());

    public async Task<Admission> TakeAsync(Guid userId, string email, string? requestedRole)
    {
        var now = clock.UtcNow;
        if (_pool.Direct(now))
        {
            _pool.TookDirect(now);
            return await Tenant.AdmitAsync(userId, email, requestedRole);
        }

        if (_pool.NeedsLease(now))
        {
            await LeaseAsync();
        }

        return _pool.Take(email, requestedRole, clock.UtcNow);
    }

    public async Task GiveBackAsync(Guid userId, Admission admission)
    {
        if (admission.LeaseId is not { } lease || !_pool.GiveBack(lease))
        {
            await Tenant.ReleaseAsync(userId);
        }
    }

    private async Task LeaseAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var settled = _pool.Settle();
            var lease = await Tenant.LeaseSeatsAsync(settled?.Id, settled?.Used ?? 0, _pool.Wanted);
            _pool.Granted(lease, clock.UtcNow);
            if (lease.Seats > 0)
            {
                _idle ??= this.RegisterGrainTimer(ReturnIdleAsync, new GrainTimerCreationOptions(SeatPool.IdleReturn, SeatPool.IdleReturn));
                return;
            }

            // Full while other silos hold leased seats: those come back within their idle time; wait for them once.
            if (!lease.HeldElsewhere || attempt > 0)
            {
                throw new ConflictException("The tenant's seats are all taken.") { Code = "seat_limit_reached" };
            }

            await Task.Delay(SeatPool.IdleReturn * 2);
        }
    }

    private async Task ReturnIdleAsync(CancellationToken cancellationToken)
    {
        if (_pool.Idle(clock.UtcNow))
        {
            await ReturnAsync();
        }
    }

    private async Task ReturnAsync()
    {
        _idle?.Dispose();
        _idle = null;
        if (_pool.Settle() is { } settled)
        {
            await Tenant.ReturnSeatsAsync(settled.Id, settled.Used);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await ReturnAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
