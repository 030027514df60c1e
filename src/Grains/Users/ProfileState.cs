namespace Lyss.UserGrains.Grains.Users;

[GenerateSerializer, Alias("lyss.users.ProfileState")]
public sealed class ProfileState
{
    [Id(0)] public string? DisplayName { get; set; }
    [Id(1)] public string? Location { get; set; }
    [Id(2)] public string? Timezone { get; set; }
    [Id(3)] public string? Language { get; set; }
    [Id(4)] public List<string> Tags { get; set; } = [];
    [Id(5)] public decimal EngagementScore { get; set; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; set; }
}
