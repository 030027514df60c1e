namespace Lyss.UserGrains.Gateway.Activities;

public sealed record UserActivityListResponse(Guid UserId, int Days, IReadOnlyList<ActivityResponse> Activities, long Total, int Limit, int Offset, bool HasMore);
