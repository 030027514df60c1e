namespace Lyss.UserGrains.Gateway.Users;

/// <summary>Body of POST /users. Fields a client may not set (status, ids, tenant) are refused.</summary>
public sealed record CreateUserRequest(string? Email, string? Name, string? Phone, string? AvatarUrl, string? Bio, bool? AutoActivate, string? Role);
