namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record TopUsersResponse(IReadOnlyList<TopUser> TopUsers);
