using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Grains.Risk;

/// <summary>
/// The login rules over one user's <see cref="LoginRiskState"/>, deciding without I/O:
/// <list type="bullet">
/// <item><c>new_device</c>: an IP or user agent not seen at earlier logins (once any device is known);</item>
/// <item><c>unusual_hour</c>: after 10 logins, none earlier within an hour of this one's hour of day, in the user's time zone;</item>
/// <item><c>impossible_travel</c>: two located logins farther apart than 1,000 km/h allows;</item>
/// <item><c>failed_login_streak</c>: the membership's streak reaches the tenant's limit (the caller locks and raises it).</item>
/// </list>
/// Logins are taken in the order given (the order the grain received them).
/// </summary>
public static class LoginRisk
{
    public const int MaxKnownDevices = 20;
    public const int UnusualHourMinimumLogins = 10;
    public const double ImpossibleSpeedKmh = 1000;

    public static LoginVerdict Assess(LoginRiskState state, IReadOnlyList<LoginAttempt> logins, LoginStreak streak, TimeZoneInfo zone)
    {
        var alerts = new List<RiskAlert>();
        var failed = streak.Failed;
        var lockHolds = streak.LockHolds;
        int? lockAfter = null;
        var loggedIn = false;
        foreach (var login in logins)
        {
            NewDevice(state, login, alerts);
            UnusualHour(state, login, zone, alerts);
            Travel(state, login, alerts);
            if (login.Succeeded)
            {
                failed = 0;
                loggedIn = true;
                continue;
            }

            if (!lockHolds && ++failed >= streak.Limit)
            {
                // The lock starts now: later failures of this batch are what it answers, and the next streak starts at 0.
                lockAfter = failed;
                lockHolds = true;
                failed = 0;
            }
        }

        return new LoginVerdict(alerts, failed, lockAfter, loggedIn);
    }

    private static void NewDevice(LoginRiskState state, LoginAttempt login, List<RiskAlert> alerts)
    {
        if (login.IpAddress is null && login.UserAgent is null)
        {
            return;
        }

        var devices = state.KnownDevices;
        var seenIp = devices.Any(d => d.StartsWith(login.IpAddress + "|", StringComparison.Ordinal));
        var seenAgent = devices.Any(d => d.EndsWith("|" + login.UserAgent, StringComparison.Ordinal));
        if (devices.Count > 0 && (!seenIp || !seenAgent))
        {
            alerts.Add(new RiskAlert("new_device", "medium", new { ip_address = login.IpAddress, user_agent = login.UserAgent, new_ip = !seenIp, new_user_agent = !seenAgent }));
        }

        var device = $"{login.IpAddress}|{login.UserAgent}";
        devices.Remove(device);
        devices.Add(device);
        if (devices.Count > MaxKnownDevices)
        {
            devices.RemoveAt(0);
        }
    }

    private static void UnusualHour(LoginRiskState state, LoginAttempt login, TimeZoneInfo zone, List<RiskAlert> alerts)
    {
        if (state.LoginHours.Length != 24)
        {
            state.LoginHours = new int[24];
        }

        var hours = state.LoginHours;
        var hour = TimeZoneInfo.ConvertTime(login.OccurredAt, zone).Hour;
        if (hours.Sum() >= UnusualHourMinimumLogins && hours[(hour + 23) % 24] + hours[hour] + hours[(hour + 1) % 24] == 0)
        {
            alerts.Add(new RiskAlert("unusual_hour", "low", new { hour, time_zone = zone.Id, usual_hours = hours.ToArray() }));
        }

        hours[hour]++;
    }

    private static void Travel(LoginRiskState state, LoginAttempt login, List<RiskAlert> alerts)
    {
        if (login.Geo is not { } here)
        {
            return;
        }

        if (state.LastGeo is { } there && here.At <= there.At)
        {
            // An older fix than the one held says nothing about the speed since.
            return;
        }

        if (state.LastGeo is { } from)
        {
            var km = DistanceKm(from, here);
            var hours = Math.Max((here.At - from.At).TotalHours, 1.0 / 3600);
            if (km / hours > ImpossibleSpeedKmh)
            {
                alerts.Add(new RiskAlert("impossible_travel", "high", new
                {
                    from = new { from.Country, lat = from.Lat, lon = from.Lon, at = from.At },
                    to = new { here.Country, lat = here.Lat, lon = here.Lon, at = here.At },
                    distance_km = Math.Round(km),
                    speed_kmh = Math.Round(km / hours),
                }));
            }
        }

        state.LastGeo = here;
    }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public static double DistanceKm(GeoFix a, GeoFix b)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(b.Lat - a.Lat);
        var dLon = Rad(b.Lon - a.Lon);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
