namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>A user's last 90 days in one tenant as the rollups hold them: every period is cut from it.</summary>
public sealed record BehaviorData(
    IReadOnlyList<HourRow> Hours,
    IReadOnlyList<SessionRow> Sessions,
    IReadOnlyList<UsageRow> Usage,
    IReadOnlyList<AlertRow> Alerts);
