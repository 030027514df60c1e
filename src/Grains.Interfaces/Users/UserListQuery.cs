namespace Lyss.UserGrains.Users;

/// <summary>List parameters: query over email and name, status, paging, sorting.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserListQuery")]
public sealed record UserListQuery
{
    [Id(0)] public string? Query { get; init; }
    [Id(1)] public UserStatus? Status { get; init; }
    [Id(2)] public int Limit { get; init; } = 20;
    [Id(3)] public int Offset { get; init; }
    [Id(4)] public UserSortField SortBy { get; init; } = UserSortField.CreatedAt;
    [Id(5)] public bool Descending { get; init; } = true;
}
