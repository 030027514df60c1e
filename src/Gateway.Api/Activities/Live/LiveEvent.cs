namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>One activity of a live stream: its id (the SSE <c>id:</c>), what filters read, and the event's JSON as the silo wrote it.</summary>
public sealed record LiveEvent(string Id, Guid UserId, string ActivityType, string Data);
