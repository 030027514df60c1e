using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// One event of a tracking protocol, mapped: whom the client names (<see cref="UserId"/>: a user id
/// or a member's external id; <see cref="AnonymousId"/>: a visitor) and the activity it becomes.
/// </summary>
public sealed record TrackingEvent(string? UserId, string? AnonymousId, TrackActivity Activity)
{
    /// <summary>identify/alias: a visitor whose history moves to the user <see cref="UserId"/> names.</summary>
    public string? LinkVisitor { get; init; }

    /// <summary>PostHog's alias names the two sides either way round: this one may be the user instead.</summary>
    public string? OtherSide { get; init; }
}
