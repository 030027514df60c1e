namespace Lyss.UserGrains.Gateway.Users;

/// <summary>Body of PUT /users/{id}: only the mutable fields; "" clears an optional one.</summary>
public sealed record UpdateUserRequest(string? Name, string? Phone, string? AvatarUrl, string? Bio, string? Email);
