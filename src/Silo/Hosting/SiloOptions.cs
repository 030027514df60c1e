using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Silo.Hosting;

/// <summary>How this silo joins its cluster (configuration section <c>Lyss:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Lyss:Silo";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "lyss-dev";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "lyss-user-grains";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Redis;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients use to reach this one.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface (containers) instead of the advertised address only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Count received grain calls by origin (client, same silo, another silo): <c>grain_calls_total{origin}</c>, for scale-out measurements.</summary>
    public bool CountCallOrigins { get; set; }

    /// <summary>How long shutdown may take to deactivate grains and flush their work.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
