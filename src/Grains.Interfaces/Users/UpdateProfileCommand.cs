namespace Lyss.UserGrains.Users;

/// <summary>Profile changes; null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UpdateProfileCommand")]
public sealed record UpdateProfileCommand
{
    [Id(0)] public string? DisplayName { get; init; }
    [Id(1)] public string? Location { get; init; }
    [Id(2)] public string? Timezone { get; init; }
    [Id(3)] public string? Language { get; init; }
    [Id(4)] public IReadOnlyList<string>? Tags { get; init; }
    [Id(5)] public string? Bio { get; init; }
}
