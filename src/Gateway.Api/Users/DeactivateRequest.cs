namespace Lyss.UserGrains.Gateway.Users;

/// <summary>Body of POST /users/{id}/deactivate; <c>until</c> makes it temporary.</summary>
public sealed record DeactivateRequest(string? Reason, DateTimeOffset? Until);
