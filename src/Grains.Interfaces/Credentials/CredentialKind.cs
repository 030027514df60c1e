namespace Lyss.UserGrains.Credentials;

/// <summary>What a tenant's machine secret may do: ingest activities, or provision users by SCIM.</summary>
[GenerateSerializer, Alias("lyss.credentials.CredentialKind")]
public enum CredentialKind
{
    WriteKey = 0,
    ScimToken = 1,
}
