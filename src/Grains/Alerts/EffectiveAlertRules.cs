namespace Lyss.UserGrains.Grains.Alerts;

/// <summary>A tenant's thresholds with the silo's defaults filled in.</summary>
public sealed record EffectiveAlertRules(int BurstThreshold, TimeSpan BurstWindow, int FailedLoginLimit, TimeSpan FailedLoginLock);
