namespace Lyss.UserGrains.Credentials;

/// <summary>A new secret, the only time it is shown.</summary>
[GenerateSerializer, Immutable, Alias("lyss.credentials.IssuedCredential")]
public sealed record IssuedCredential(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Secret,
    [property: Id(3)] string Prefix,
    [property: Id(4)] DateTimeOffset CreatedAt);
