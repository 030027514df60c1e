using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Client;

/// <summary>How a client reaches the cluster (configuration section <c>Lyss:Cluster</c>).</summary>
public sealed class UserGrainsClientOptions
{
    public const string SectionName = "Lyss:Cluster";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "lyss-dev";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "lyss-user-grains";

    /// <summary><c>Redis</c> (membership in Redis, connection string <c>ConnectionStrings:Redis</c>) or <c>Localhost</c> (one silo's gateway on loopback).</summary>
    [Required, RegularExpression("^(Redis|Localhost)$")]
    public string Clustering { get; set; } = "Redis";

    /// <summary>The silo gateway port, for <c>Localhost</c> clustering.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long start-up keeps retrying while no silo is reachable yet.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConnectRetryWindow { get; set; } = TimeSpan.FromSeconds(90);
}
