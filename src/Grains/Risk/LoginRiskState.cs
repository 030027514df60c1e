using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Grains.Risk;

/// <summary>
/// What the login rules remember of one user (a slice of the user grain's state), bounded:
/// the last devices, a login count per hour of the day and the last located login.
/// </summary>
[GenerateSerializer, Alias("lyss.risk.LoginRiskState")]
public sealed class LoginRiskState
{
    /// <summary>Devices ("ip|user agent") seen at logins, newest last, at most <see cref="LoginRisk.MaxKnownDevices"/>.</summary>
    [Id(0)] public List<string> KnownDevices { get; set; } = [];

    /// <summary>Logins per hour of the day in the user's time zone.</summary>
    [Id(1)] public int[] LoginHours { get; set; } = new int[24];

    /// <summary>Where and when the last login with a location happened.</summary>
    [Id(2)] public GeoFix? LastGeo { get; set; }

    /// <summary>Forgets where the user was and from what (anonymization); the hour counts name nobody.</summary>
    public void ForgetPlaces()
    {
        KnownDevices = [];
        LastGeo = null;
    }
}
