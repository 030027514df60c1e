namespace Lyss.UserGrains.Errors;

/// <summary>The caller has as much running as it may (HTTP 429 with <c>Retry-After</c>).</summary>
[GenerateSerializer, Alias("lyss.errors.TooManyRequestsException")]
public sealed class TooManyRequestsException(string message) : DomainException(message);
