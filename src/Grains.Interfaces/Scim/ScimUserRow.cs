using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Scim;

/// <summary>A member of a tenant as SCIM lists it (from the read model: no grain call per row).</summary>
[GenerateSerializer, Immutable, Alias("lyss.scim.ScimUserRow")]
public sealed record ScimUserRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Email,
    [property: Id(2)] string Name,
    [property: Id(3)] string? ExternalId,
    [property: Id(4)] UserStatus Status,
    [property: Id(5)] DateTimeOffset Created,
    [property: Id(6)] DateTimeOffset LastModified,
    [property: Id(7)] bool HomeTenant)
{
    /// <summary>The SCIM userName when it is not the email.</summary>
    [Id(8)] public string? UserName { get; init; }
}
