namespace Lyss.UserGrains.Silo.Hosting;

public enum DashboardAccess
{
    /// <summary>Anyone who reaches the silo's web endpoint (development).</summary>
    Open,

    /// <summary>Only requests from a loopback address, e.g. through an operator's SSH tunnel.</summary>
    Loopback,

    /// <summary>The dashboard is not served.</summary>
    Disabled,
}
