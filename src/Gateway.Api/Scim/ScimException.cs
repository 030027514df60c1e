namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>An answer in SCIM's error shape (RFC 7644 §3.12): the status, a <c>scimType</c> where the RFC names one, and a detail.</summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;
}
