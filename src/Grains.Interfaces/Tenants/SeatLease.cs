namespace Lyss.UserGrains.Tenants;

/// <summary>
/// Seats a tenant reserves for one silo's registrations, with the terms to admit them by. No seats
/// and <see cref="HeldElsewhere"/>: the tenant is full only while other silos' leases come back.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.SeatLease")]
public sealed record SeatLease(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Seats,
    [property: Id(2)] AdmissionTerms Terms,
    [property: Id(3)] bool HeldElsewhere);
