namespace Lyss.UserGrains.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="condition"/> holds; a probe that throws
    /// (a client still reconnecting after a silo restart) counts as "not yet".
    /// </summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "(no answer yet)";
        while (true)
        {
            try
            {
                var value = await probe();
                if (condition(value))
                {
                    return value;
                }

                last = value?.ToString() ?? "null";
            }
            catch (Exception e) when (DateTime.UtcNow < deadline)
            {
                last = e.GetType().Name + ": " + e.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}; last: {last}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The first answer of <paramref name="probe"/> that does not throw.</summary>
    public static Task<T> SucceedsAsync<T>(Func<Task<T>> probe, TimeSpan timeout, string what) =>
        MatchAsync(probe, _ => true, timeout, what);
}
