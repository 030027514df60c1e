namespace Lyss.UserGrains.Common;

/// <summary>
/// The caller's tenant, carried with grain calls in Orleans' request context while JSON logs are on,
/// so a silo's log lines name the tenant they were written for as the gateway's do.
/// </summary>
public static class TenantLogContext
{
    /// <summary>The request-context key the gateway sets and the silos read.</summary>
    public const string RequestContextKey = "lyss.tenant";

    /// <summary>The log scope's property name, the same on gateway and silo.</summary>
    public const string ScopeName = "TenantId";
}
