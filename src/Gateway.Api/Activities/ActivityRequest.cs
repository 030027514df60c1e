using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>Body of POST /activities (and one item of a batch).</summary>
public sealed record ActivityRequest(
    Guid? UserId, string? ActivityType, string? ResourceType, string? ResourceId, JsonElement? Details,
    string? SessionId, string? IpAddress, string? UserAgent, DateTimeOffset? OccurredAt, string? MessageId, string? Ack)
    : Auth.IActivitySubjects
{
    IEnumerable<Guid> Auth.IActivitySubjects.SubjectIds => UserId is { } id ? [id] : [];
}
