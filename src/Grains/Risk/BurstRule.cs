using Lyss.UserGrains.Grains.Alerts;

namespace Lyss.UserGrains.Grains.Risk;

/// <summary>
/// <c>burst</c>: more than the tenant's threshold of actions within its window, raised at most
/// once per window. Remembers only when it last fired (in memory: a new activation may fire again).
/// </summary>
public sealed class BurstRule
{
    private DateTimeOffset? _lastAlert;

    public RiskAlert? Check(long actionsInWindow, EffectiveAlertRules rules, DateTimeOffset now)
    {
        if (actionsInWindow <= rules.BurstThreshold || (_lastAlert is { } last && now - last < rules.BurstWindow))
        {
            return null;
        }

        _lastAlert = now;
        return new RiskAlert("burst", "medium", new { actions = actionsInWindow, window_minutes = (int)rules.BurstWindow.TotalMinutes, threshold = rules.BurstThreshold });
    }
}
