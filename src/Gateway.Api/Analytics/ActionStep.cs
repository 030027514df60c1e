namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record ActionStep(string Action, string? ResourceType, DateTimeOffset CreatedAt, string? PrevAction);
