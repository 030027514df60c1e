namespace Lyss.UserGrains.Errors;

/// <summary>The caller has as much running as it may (HTTP 429 with <c>Retry-After</c>).</summary>
[GenerateSerializer, Alias("lyss.errors.TooManyRequestsException")]
public sealed class TooManyRequestsException(string message) : DomainException(message)
{
    /// <summary>When trying again may succeed; the answer's <c>Retry-After</c> (30 s when unknown).</summary>
    [Id(0)]
    public int? RetryAfterSeconds { get; init; }
}
