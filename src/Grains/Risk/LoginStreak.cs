namespace Lyss.UserGrains.Grains.Risk;

/// <summary>
/// The failed-login streak of one membership as the rules see it: its count, whether that tenant's
/// lock already holds (failures then are what the lock answered and do not count) and the tenant's limit.
/// </summary>
public readonly record struct LoginStreak(int Failed, bool LockHolds, int Limit);
