namespace Lyss.UserGrains.Gateway.Users;

public sealed record UserListResponse(IReadOnlyList<UserListItemResponse> Users, long Total, int Limit, int Offset, bool HasMore);
