namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record CreateTenantRequest(
    Guid? Id, string? Name, bool? AutoActivateUsers, string? DefaultRole, int? SeatLimit,
    IReadOnlyList<string>? AllowedEmailDomains, int? DormancyDays, bool? DeactivateDormantUsers);
