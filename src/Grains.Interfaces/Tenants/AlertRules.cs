namespace Lyss.UserGrains.Tenants;

/// <summary>
/// A tenant's anomaly thresholds; a null field falls back to the silo's default
/// (<c>Lyss:Users:BurstThreshold</c>, <c>BurstWindow</c>, <c>FailedLoginLimit</c>, <c>FailedLoginLock</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.AlertRules")]
public sealed record AlertRules
{
    /// <summary>burst: more than this many actions within the window (default 50).</summary>
    [Id(0)] public int? BurstThreshold { get; init; }
    [Id(1)] public int? BurstWindowMinutes { get; init; }

    /// <summary>failed_login_streak: this many failed logins in a row lock the user.</summary>
    [Id(2)] public int? FailedLoginLimit { get; init; }
    [Id(3)] public int? FailedLoginLockMinutes { get; init; }
}
