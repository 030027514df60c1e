namespace Lyss.UserGrains.Behavior;

/// <summary>The engagement score 0-100 and its four weighted parts.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.EngagementScore")]
public sealed record EngagementScore
{
    [Id(0)] public required decimal Score { get; init; }
    /// <summary>Active days × 3, at most 30.</summary>
    [Id(1)] public required decimal ActiveDays { get; init; }
    /// <summary>Average session minutes / 10 × 20, at most 20.</summary>
    [Id(2)] public required decimal SessionDuration { get; init; }
    /// <summary>Average messages per conversation / 5 × 25, at most 25.</summary>
    [Id(3)] public required decimal ConversationDepth { get; init; }
    /// <summary>Sessions per active day × 10, at most 25.</summary>
    [Id(4)] public required decimal Consistency { get; init; }
}
