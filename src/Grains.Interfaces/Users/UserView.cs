namespace Lyss.UserGrains.Users;

/// <summary>A user as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserView")]
public sealed record UserView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Email { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required UserStatus Status { get; init; }
    [Id(4)] public required Guid HomeTenantId { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; init; }
}
