namespace Lyss.UserGrains.Hosting;

/// <summary>
/// Registered in a host whose own web requests are not traced (the silo's Dashboard, health and
/// metrics), while requests of another host in the same process (the co-hosted gateway) still are.
/// </summary>
internal sealed class UntracedWebHost;
