using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.Time.Testing;

namespace Lyss.UserGrains.Tests.Grains.Users;

/// <summary>
/// What a reminder tick ends, on a fake clock: a lock or a deactivation ends at its time (a tick up to a
/// second early counts), never before. The end-to-end reminder tests keep one real timer each.
/// </summary>
public sealed class TimedExpiryTests
{
    private static readonly DateTimeOffset Until = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_lock_ends_at_its_until_and_not_before()
    {
        var clock = new FakeTimeProvider(Until.AddMinutes(-15));
        Assert.Equal(TimedExpiry.None, LifecycleTable.Expired(UserStatus.Locked, Until, null, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(2));
        Assert.Equal(TimedExpiry.None, LifecycleTable.Expired(UserStatus.Locked, Until, null, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimedExpiry.Lock, LifecycleTable.Expired(UserStatus.Locked, Until, null, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(TimedExpiry.Lock, LifecycleTable.Expired(UserStatus.Locked, Until, null, clock.GetUtcNow()));
    }

    [Fact]
    public void A_deactivation_with_an_until_ends_at_it_and_one_without_never()
    {
        var clock = new FakeTimeProvider(Until.AddSeconds(-5));
        Assert.Equal(TimedExpiry.None, LifecycleTable.Expired(UserStatus.Inactive, null, Until, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimedExpiry.Deactivation, LifecycleTable.Expired(UserStatus.Inactive, null, Until, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(TimedExpiry.None, LifecycleTable.Expired(UserStatus.Inactive, null, null, clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(UserStatus.Active)]
    [InlineData(UserStatus.Banned)]
    [InlineData(UserStatus.Pending)]
    [InlineData(UserStatus.Deleted)]
    public void A_stale_until_ends_nothing_once_the_user_has_moved_on(UserStatus status)
    {
        // The user was unlocked or reactivated by hand, or banned meanwhile: an old tick changes nothing.
        Assert.Equal(TimedExpiry.None, LifecycleTable.Expired(status, Until, Until, Until.AddHours(1)));
    }
}
