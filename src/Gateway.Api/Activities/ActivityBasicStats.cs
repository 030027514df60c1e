namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ActivityBasicStats(long TotalActivities, int ActiveDays, double AvgDailyActivities, DateTimeOffset? LastActivityAt);
