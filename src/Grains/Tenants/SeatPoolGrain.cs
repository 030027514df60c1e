using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Tenants;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>The silo's seat pool of one tenant (one activation per silo): a thin shell over <see cref="SeatPool"/>.</summary>
[StatelessWorker(1)]
public sealed partial class SeatPoolGrain(GrainClock clock, ILogger<SeatPoolGrain> logger) : Grain, ISeatPoolGrain
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
            try
            {
                return await Tenant.AdmitAsync(userId, email, requestedRole);
            }
            catch (ConflictException e) when (e.Code == "seat_limit_reached")
            {
                // The last seats may sit in another silo's lease for a moment: a lease waits for them.
            }
        }

        if (_pool.NeedsLease(clock.UtcNow))
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
        var settled = _pool.Settle();
        var lease = await Tenant.LeaseSeatsAsync(settled?.Id, settled?.Used ?? 0, _pool.Wanted);
        _pool.Granted(lease, clock.UtcNow);
        if (lease.Seats > 0)
        {
            _idle ??= this.RegisterGrainTimer(ReturnIdleAsync, new GrainTimerCreationOptions(SeatPool.IdleReturn, SeatPool.IdleReturn));
            return;
        }

        // Full. When other silos hold leased seats the registration waits for them itself (UserGrain):
        // waiting here would hold up every registration of this silo for the tenant.
        throw new ConflictException("The tenant's seats are all taken.") { Code = lease.HeldElsewhere ? "seats_leased_elsewhere" : "seat_limit_reached" };
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
        try
        {
            await ReturnAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Best effort (a silo shutting down may reach no tenant grain): an unsettled lease expires
            // and is counted as used until the tenant recounts its members.
            LogReturnFailed(logger, this.GetPrimaryKey(), e.GetType().Name);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The seat pool of tenant {TenantId} could not return its lease on deactivation ({Kind}); it expires")]
    private static partial void LogReturnFailed(ILogger logger, Guid tenantId, string kind);
}
