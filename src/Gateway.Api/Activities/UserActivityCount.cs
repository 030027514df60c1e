namespace Lyss.UserGrains.Gateway.Activities;

public sealed record UserActivityCount(Guid UserId, long ActivityCount);
