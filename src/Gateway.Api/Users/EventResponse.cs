using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Users;

public sealed record EventResponse(long Id, string EventType, Guid? TenantId, string? Actor, JsonElement EventData, string? IpAddress, string? UserAgent, DateTimeOffset CreatedAt);
