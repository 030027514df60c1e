namespace Lyss.UserGrains.Errors;

/// <summary>
/// A request that the domain refuses. Grains throw these; they cross the wire to Orleans
/// clients as they are, and the gateway maps each kind to one HTTP status.
/// </summary>
[GenerateSerializer, Alias("lyss.errors.DomainException")]
public abstract class DomainException : Exception
{
    protected DomainException(string message)
        : base(message)
    {
    }

    /// <summary>A stable, machine-readable code (e.g. <c>user_not_found</c>).</summary>
    [Id(0)]
    public string Code { get; init; } = "domain_error";
}
