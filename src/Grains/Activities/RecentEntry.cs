namespace Lyss.UserGrains.Grains.Activities;

/// <summary>One of a user's recent activities as memory holds it: 88 bytes inline in an array, times as UTC ticks.</summary>
public readonly record struct RecentEntry(
    Guid Id,
    long OccurredTicks,
    long ReceivedTicks,
    string ActivityType,
    string? ResourceType,
    string? ResourceId,
    string? Details,
    string? IpAddress,
    string? UserAgent,
    string? SessionId);
