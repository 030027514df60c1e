namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>A new write key or SCIM token: <c>key</c> is shown this once.</summary>
public sealed record IssuedCredentialResponse(Guid Id, string Name, string Key, string Prefix, DateTimeOffset CreatedAt);
