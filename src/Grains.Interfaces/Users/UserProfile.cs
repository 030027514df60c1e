namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.UserProfile")]
public sealed record UserProfile
{
    [Id(0)] public string? DisplayName { get; init; }
    [Id(1)] public string? Location { get; init; }
    [Id(2)] public string? Timezone { get; init; }
    [Id(3)] public string? Language { get; init; }
    [Id(4)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(5)] public decimal EngagementScore { get; init; }
    [Id(6)] public string? Bio { get; init; }
    [Id(7)] public DateTimeOffset? UpdatedAt { get; init; }
}
