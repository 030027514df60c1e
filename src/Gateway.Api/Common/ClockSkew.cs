namespace Lyss.UserGrains.Gateway.Common;

/// <summary>
/// When an event happened, corrected for the client's clock: the client stamps both the event
/// (timestamp) and the request (sentAt) with its own clock, so their difference is the event's
/// age whatever that clock's error, and received − age is the event's time on ours.
/// </summary>
public static class ClockSkew
{
    public static DateTimeOffset? Correct(DateTimeOffset? timestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt) =>
        timestamp is { } t && sentAt is { } s ? receivedAt - (s - t) : timestamp;
}
