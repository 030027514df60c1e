namespace Lyss.UserGrains.Gateway.Users;

public sealed record EventListResponse(IReadOnlyList<EventResponse> Events, long Total, int Limit, int Offset, bool HasMore);
