namespace Lyss.UserGrains.Gateway.Tenants;

/// <summary>Members dormant past the tenant's threshold (deactivated too when the tenant says so).</summary>
public sealed record DormancySweepResponse(IReadOnlyList<Guid> DormantUsers, int Total);
