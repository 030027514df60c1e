namespace Lyss.UserGrains.Tenants;

[GenerateSerializer, Immutable, Alias("lyss.tenants.TenantView")]
public sealed record TenantView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public bool AutoActivateUsers { get; init; }
    [Id(3)] public required string DefaultRole { get; init; }
    [Id(4)] public int? SeatLimit { get; init; }
    [Id(5)] public IReadOnlyList<string> AllowedEmailDomains { get; init; } = [];
    [Id(6)] public int DormancyDays { get; init; }
    [Id(7)] public int MemberCount { get; init; }
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public string? CreatedBy { get; init; }
    [Id(10)] public bool DeactivateDormantUsers { get; init; }
    [Id(11)] public AlertRules AlertRules { get; init; } = new();
    [Id(12)] public string Timezone { get; init; } = TenantDefaults.TimeZone;
    [Id(13)] public string Language { get; init; } = TenantDefaults.Language;
}
