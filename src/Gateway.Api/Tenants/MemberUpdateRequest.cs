namespace Lyss.UserGrains.Gateway.Tenants;

/// <summary>PUT /tenants/{id}/members/{user_id}: a new role and/or the member's explicit grants.</summary>
public sealed record MemberUpdateRequest(string? Role, IReadOnlyList<string>? Grants);
