namespace Lyss.UserGrains.Behavior;

/// <summary>Topics and lengths of a user's conversation sessions in a period.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.ConversationPatterns")]
public sealed record ConversationPatterns
{
    /// <summary>At most ten, most frequent first.</summary>
    [Id(0)] public required IReadOnlyList<UsageItem> PopularTopics { get; init; }
    [Id(1)] public required LengthDistribution LengthDistribution { get; init; }
    [Id(2)] public required double AvgMessagesPerConversation { get; init; }
}
