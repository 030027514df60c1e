namespace Lyss.UserGrains.Gateway.Analytics;

/// <summary>Distinct active members today, in 7 and in 30 days; stickiness is DAU/MAU.</summary>
public sealed record ActiveUsersResponse(long Dau, long Wau, long Mau, decimal Stickiness);
