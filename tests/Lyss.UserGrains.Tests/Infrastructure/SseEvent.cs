namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>One Server-Sent Event: its id, its type ("comment" for a comment line) and its data.</summary>
public sealed record SseEvent(string? Id, string Event, string Data);
