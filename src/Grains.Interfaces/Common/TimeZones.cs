namespace Lyss.UserGrains.Common;

/// <summary>
/// Time zones as the API takes them: IANA names only ("Asia/Shanghai"), known to .NET and to PostgreSQL
/// alike. Windows names, which .NET would also accept, are refused: PostgreSQL does not know them.
/// </summary>
public static class TimeZones
{
    public const string Problem = "An IANA time zone such as 'Asia/Shanghai'.";

    public static bool TryFind(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (name is null || name.Length > 64 || (name != "UTC" && !TimeZoneInfo.TryConvertIanaIdToWindowsId(name, out _)))
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone!);
    }

    /// <summary>The zone a read parameter names (UTC when absent); any other name is a 400 naming <paramref name="field"/>.</summary>
    public static string Require(string? name, string field = "tz") =>
        name is null ? "UTC" : TryFind(name, out _) ? name : throw new Errors.ValidationException(field, Problem);
}
