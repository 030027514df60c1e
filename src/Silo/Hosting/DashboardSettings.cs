namespace Lyss.UserGrains.Silo.Hosting;

/// <summary>Who may see the Orleans Dashboard (configuration section <c>Lyss:Dashboard</c>).</summary>
public sealed class DashboardSettings
{
    public const string SectionName = "Lyss:Dashboard";

    /// <summary>Unset means <see cref="DashboardAccess.Open"/> in Development and <see cref="DashboardAccess.Loopback"/> elsewhere.</summary>
    public DashboardAccess? Access { get; set; }
}
