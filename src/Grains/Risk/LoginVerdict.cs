namespace Lyss.UserGrains.Grains.Risk;

/// <summary>What the login rules decided for a batch: alerts to raise, the streak to keep, whether to lock.</summary>
public sealed record LoginVerdict(IReadOnlyList<RiskAlert> Alerts, int Streak, int? LockAfterFailures, bool LoggedIn)
{
    /// <summary>The streak reached the limit: lock, and record this many failures (the streak itself restarts at 0).</summary>
    public bool Lock => LockAfterFailures is not null;
}
