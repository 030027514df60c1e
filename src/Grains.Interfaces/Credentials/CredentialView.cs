namespace Lyss.UserGrains.Credentials;

/// <summary>A tenant's secret as listed: never the secret itself.</summary>
[GenerateSerializer, Immutable, Alias("lyss.credentials.CredentialView")]
public sealed record CredentialView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Prefix,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt);
