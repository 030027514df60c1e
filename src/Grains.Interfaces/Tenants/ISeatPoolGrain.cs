namespace Lyss.UserGrains.Tenants;

/// <summary>
/// One silo's seats of one tenant (keyed by the tenant): registrations take seats here, in memory,
/// and the pool leases them from the tenant grain in blocks, so a bulk onboarding does not wait on
/// the tenant grain one seat at a time. The seat limit holds exactly: a pool never hands out more
/// than it was granted. A lone registration is admitted by the tenant grain directly.
/// </summary>
[Alias("lyss.tenants.ISeatPoolGrain")]
public interface ISeatPoolGrain : IGrainWithGuidKey
{
    /// <summary>
    /// A seat for <paramref name="userId"/>: 400 for a role or email domain the tenant does not take; 409
    /// <c>seat_limit_reached</c> when it is full, or <c>seats_leased_elsewhere</c> while its last seats sit in
    /// another silo's lease (the caller waits a moment and asks again).
    /// </summary>
    [Alias("Take")]
    Task<Admission> TakeAsync(Guid userId, string email, string? requestedRole);

    /// <summary>Gives back the seat of a registration that did not commit.</summary>
    [Alias("GiveBack")]
    Task GiveBackAsync(Guid userId, Admission admission);
}
