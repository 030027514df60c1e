namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.PresenceView")]
public sealed record PresenceView(
    [property: Id(0)] bool Online,
    [property: Id(1)] DateTimeOffset? LastActivityAt,
    [property: Id(2)] string? LastActivityType,
    [property: Id(3)] DateTimeOffset? LastLoginAt);
