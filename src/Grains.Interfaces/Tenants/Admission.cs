namespace Lyss.UserGrains.Tenants;

/// <summary>
/// A seat granted by a tenant: the role to give and whether new users start active. A seat taken
/// from a silo's pool names its lease, so a registration that fails can give it back there.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.Admission")]
public sealed record Admission(
    [property: Id(0)] string Role,
    [property: Id(1)] bool AutoActivateUsers,
    [property: Id(2)] Guid? LeaseId = null);
