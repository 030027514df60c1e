namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record TopUser(Guid UserId, long ActivityCount, long ActionTypes);
