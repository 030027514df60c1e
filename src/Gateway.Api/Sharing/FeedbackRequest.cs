namespace Lyss.UserGrains.Gateway.Sharing;

public sealed record FeedbackRequest(int? Rating, string? Comment, string? ResourceType, string? ResourceId);
