namespace Lyss.UserGrains.Scim;

/// <summary>One page of a SCIM list: <c>startIndex</c> is 1-based, as SCIM counts.</summary>
[GenerateSerializer, Immutable, Alias("lyss.scim.ScimUserPage")]
public sealed record ScimUserPage([property: Id(0)] long TotalResults, [property: Id(1)] int StartIndex, [property: Id(2)] IReadOnlyList<ScimUserRow> Resources);
