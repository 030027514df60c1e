namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// How often a code may be resent to one address on request: once a minute and five times an hour, so
/// neither an anonymous caller nor a script can turn the service into a mail or SMS cannon against a
/// user. (Codes a registration or an address change sends are not counted: they happen once per change.)
/// </summary>
public static class VerificationThrottle
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const int PerWindow = 5;

    /// <summary>Null when a code may go now; else how long until one may.</summary>
    public static TimeSpan? RetryAfter(IReadOnlyList<DateTimeOffset> sends, DateTimeOffset now)
    {
        var recent = sends.Where(s => s > now - Window).Order().ToList();
        if (recent.Count > 0 && now - recent[^1] < MinInterval)
        {
            return recent[^1] + MinInterval - now;
        }

        return recent.Count >= PerWindow ? recent[^PerWindow] + Window - now : null;
    }

    /// <summary>The sends to keep after one at <paramref name="now"/>: those within the window, at most <see cref="PerWindow"/> (bounded state).</summary>
    public static List<DateTimeOffset> Record(IReadOnlyList<DateTimeOffset> sends, DateTimeOffset now) =>
        [.. sends.Where(s => s > now - Window).Append(now).Order().TakeLast(PerWindow)];
}
