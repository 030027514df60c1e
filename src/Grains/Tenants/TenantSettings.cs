namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>The settings a tenant may change after creation (PATCH /tenants/{id}).</summary>
public sealed record TenantSettings(
    string Name,
    bool AutoActivateUsers,
    string DefaultRole,
    int? SeatLimit,
    IReadOnlyList<string> AllowedEmailDomains,
    int DormancyDays,
    bool DeactivateDormantUsers,
    string Timezone,
    string Language);
