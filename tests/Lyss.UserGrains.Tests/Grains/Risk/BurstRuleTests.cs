using Lyss.UserGrains.Grains.Alerts;
using Lyss.UserGrains.Grains.Risk;
using Microsoft.Extensions.Time.Testing;

namespace Lyss.UserGrains.Tests.Grains.Risk;

public sealed class BurstRuleTests
{
    private static readonly EffectiveAlertRules Rules = new(50, TimeSpan.FromMinutes(5), 5, TimeSpan.FromMinutes(30));

    [Fact]
    public void Fires_above_the_threshold_once_per_window()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var rule = new BurstRule();
        Assert.Null(rule.Check(50, Rules, clock.GetUtcNow()));
        Assert.Equal("burst", rule.Check(51, Rules, clock.GetUtcNow())?.Rule);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(rule.Check(80, Rules, clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(rule.Check(51, Rules, clock.GetUtcNow()));
    }
}
