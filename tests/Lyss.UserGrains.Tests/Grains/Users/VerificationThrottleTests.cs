using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Tests.Grains.Users;

public sealed class VerificationThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_code_a_minute_and_five_an_hour_with_the_wait_until_the_next()
    {
        List<DateTimeOffset> sends = [];
        Assert.Null(VerificationThrottle.RetryAfter(sends, T0));
        sends = VerificationThrottle.Record(sends, T0);

        Assert.Equal(TimeSpan.FromSeconds(59), VerificationThrottle.RetryAfter(sends, T0.AddSeconds(1)));
        Assert.Null(VerificationThrottle.RetryAfter(sends, T0.AddMinutes(1)));

        for (var i = 1; i < VerificationThrottle.PerWindow; i++)
        {
            sends = VerificationThrottle.Record(sends, T0.AddMinutes(i));
        }

        // Five within the hour: the sixth waits until the first leaves the window.
        Assert.Equal(TimeSpan.FromMinutes(50), VerificationThrottle.RetryAfter(sends, T0.AddMinutes(10)));
        Assert.Null(VerificationThrottle.RetryAfter(sends, T0.AddHours(1)));
    }

    [Fact]
    public void The_state_keeps_at_most_five_sends_of_the_last_hour()
    {
        List<DateTimeOffset> sends = [];
        for (var i = 0; i < 20; i++)
        {
            sends = VerificationThrottle.Record(sends, T0.AddMinutes(i * 2));
        }

        Assert.Equal(VerificationThrottle.PerWindow, sends.Count);
        Assert.Equal(T0.AddMinutes(38), sends[^1]);
        Assert.Single(VerificationThrottle.Record(sends, T0.AddHours(3)));
    }
}
