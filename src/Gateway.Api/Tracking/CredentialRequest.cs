namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>POST /tenants/{id}/write-keys (and scim-tokens): a name to tell the secret apart.</summary>
public sealed record CredentialRequest(string? Name);
