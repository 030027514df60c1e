namespace Lyss.UserGrains.Errors;

/// <summary>The service cannot take this now (overloaded, a store down): retry after a while (HTTP 503).</summary>
[GenerateSerializer, Alias("lyss.errors.UnavailableException")]
public sealed class UnavailableException(string message) : DomainException(message);
