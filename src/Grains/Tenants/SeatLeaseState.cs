namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>Seats reserved for one silo's pool until it settles them or <see cref="ExpiresAt"/> passes.</summary>
[GenerateSerializer, Alias("lyss.tenants.SeatLeaseState")]
public sealed class SeatLeaseState
{
    [Id(0)] public int Seats { get; set; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
