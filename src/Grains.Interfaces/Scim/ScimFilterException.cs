namespace Lyss.UserGrains.Scim;

/// <summary>A filter that is no SCIM filter: answered 400 with scimType <c>invalidFilter</c>, naming where it went wrong.</summary>
public sealed class ScimFilterException(string message) : Exception(message);
