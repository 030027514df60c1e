namespace Lyss.UserGrains.Silo.Hosting;

public enum ClusteringMode
{
    /// <summary>Membership in Redis: any number of silos and clients find each other.</summary>
    Redis,

    /// <summary>A single silo on loopback, no membership store: for quick local work.</summary>
    Localhost,
}
