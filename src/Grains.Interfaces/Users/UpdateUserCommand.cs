namespace Lyss.UserGrains.Users;

/// <summary>Changes to a user's identity; null leaves a field as it is, "" clears an optional one.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UpdateUserCommand")]
public sealed record UpdateUserCommand
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Phone { get; init; }
    [Id(2)] public string? AvatarUrl { get; init; }
    [Id(3)] public string? Bio { get; init; }
    [Id(4)] public string? Email { get; init; }
}
