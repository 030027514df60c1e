namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>What an analysis reads of a conversation session.</summary>
public sealed record SessionRow(DateTime StartedAt, int MessageCount, int DurationMinutes, string? Topic, string? ModelUsed);
