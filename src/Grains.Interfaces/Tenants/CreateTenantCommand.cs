namespace Lyss.UserGrains.Tenants;

[GenerateSerializer, Immutable, Alias("lyss.tenants.CreateTenantCommand")]
public sealed record CreateTenantCommand
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public bool AutoActivateUsers { get; init; }
    [Id(2)] public string DefaultRole { get; init; } = TenantRoles.Member;
    [Id(3)] public int? SeatLimit { get; init; }
    [Id(4)] public IReadOnlyList<string> AllowedEmailDomains { get; init; } = [];
    [Id(5)] public int DormancyDays { get; init; } = 90;

    /// <summary>Deactivate users dormant longer than <see cref="DormancyDays"/> (reason <c>dormant</c>); off: only report them.</summary>
    [Id(6)] public bool DeactivateDormantUsers { get; init; }
}
