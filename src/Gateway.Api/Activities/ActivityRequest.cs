using System.Text.Json;
using System.Text.Json.Serialization;
using Lyss.UserGrains.Gateway.Errors;

namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>Body of POST /activities (and one item of a batch). Its text is checked per item by the user grain.</summary>
public sealed record ActivityRequest(
    Guid? UserId,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? ActivityType,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? ResourceType,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? ResourceId,
    JsonElement? Details,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? SessionId,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? IpAddress,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? UserAgent,
    DateTimeOffset? OccurredAt,
    [property: JsonConverter(typeof(AsSentJsonConverter))] string? MessageId,
    string? Ack,
    DateTimeOffset? SentAt = null)
    : Auth.IActivitySubjects
{
    IEnumerable<Guid> Auth.IActivitySubjects.SubjectIds => UserId is { } id ? [id] : [];
}
