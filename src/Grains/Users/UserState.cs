using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>The persisted state of one <see cref="UserGrain"/>.</summary>
/// <remarks>
/// Stored as plain JSON by System.Text.Json: properties are matched by name and unknown
/// ones are ignored, so fields may be added without breaking stored rows.
/// </remarks>
[GenerateSerializer, Alias("lyss.users.UserState")]
public sealed class UserState
{
    /// <summary>Unique among grain types: grains sharing a state name share storage rows (dotnet/orleans#8746).</summary>
    public const string StateName = "user";

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public UserStatus Status { get; set; }
    [Id(4)] public Guid HomeTenantId { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; set; }
}
