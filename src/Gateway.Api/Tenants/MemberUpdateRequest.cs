namespace Lyss.UserGrains.Gateway.Tenants;

/// <summary>PUT /tenants/{id}/members/{user_id}: a new role, the member's explicit grants and/or its external id ("" clears it).</summary>
public sealed record MemberUpdateRequest(string? Role, IReadOnlyList<string>? Grants, string? ExternalId = null);
