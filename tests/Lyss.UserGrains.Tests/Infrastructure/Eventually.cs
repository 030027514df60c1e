namespace Lyss.UserGrains.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(100);
        }
    }
}
