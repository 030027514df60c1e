using System.Text.Json;
using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ActivityResponse(
    Guid Id, string ActivityType, string? ResourceType, string? ResourceId, JsonElement? Details, string? SessionId,
    string? IpAddress, string? UserAgent, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt)
{
    public static ActivityResponse From(ActivityView a) => new(
        a.Id, a.ActivityType, a.ResourceType, a.ResourceId,
        a.Details is null ? null : JsonDocument.Parse(a.Details).RootElement.Clone(),
        a.SessionId, a.IpAddress, a.UserAgent, a.OccurredAt, a.ReceivedAt);
}
