namespace Lyss.UserGrains.Credentials;

/// <summary>Whose a presented secret is.</summary>
[GenerateSerializer, Immutable, Alias("lyss.credentials.ResolvedCredential")]
public sealed record ResolvedCredential([property: Id(0)] Guid Id, [property: Id(1)] Guid TenantId);
