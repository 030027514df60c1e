namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.PresenceView")]
public sealed record PresenceView(
    [property: Id(0)] bool Online,
    [property: Id(1)] DateTimeOffset? LastActivityAt,
    [property: Id(2)] string? LastActivityType,
    [property: Id(3)] DateTimeOffset? LastLoginAt)
{
    /// <summary>The user hides its presence (<c>privacy.show_presence</c> false): nothing else is shown.</summary>
    [Id(4)] public bool Hidden { get; init; }

    public static PresenceView HiddenPresence { get; } = new(false, null, null, null) { Hidden = true };
}
