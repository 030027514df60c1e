namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>A visitor's stored activities; <see cref="LinkedUserId"/> once identify or alias made the visitor a user (its history is the user's then).</summary>
public sealed record VisitorActivityListResponse(
    string AnonymousId, Guid VisitorId, Guid? LinkedUserId, int Days, IReadOnlyList<ActivityResponse> Activities, long Total, int Limit, int Offset, bool HasMore);
