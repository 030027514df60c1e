namespace Lyss.UserGrains.Grains.Conversations;

/// <summary>One chat_message or model_usage activity as conversation tracking reads it.</summary>
public readonly record struct ConversationTurn(
    DateTimeOffset OccurredAt, bool IsChatMessage, string? Model, long Tokens, decimal Cost, string? Topic, string? Title, string? SessionId = null);
