namespace Lyss.UserGrains.Tenants;

/// <summary>A seat granted by a tenant: the role to give and whether new users start active.</summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.Admission")]
public sealed record Admission(
    [property: Id(0)] string Role,
    [property: Id(1)] bool AutoActivateUsers);
