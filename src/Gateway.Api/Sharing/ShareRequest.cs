namespace Lyss.UserGrains.Gateway.Sharing;

public sealed record ShareRequest(string? ResourceType, string? ResourceId, string? Message, Guid? UserId, Guid? TeamId);
