using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Gateway.Relationships;

/// <summary>One page of a user's followers, following or friends: the list is under the name of the route asked.</summary>
public sealed record RelatedUsersPage(long Total, int Limit, int Offset, bool HasMore)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelatedUser>? Followers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelatedUser>? Following { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelatedUser>? Friends { get; init; }
}
