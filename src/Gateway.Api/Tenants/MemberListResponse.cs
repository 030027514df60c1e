namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Members, long Total, int Limit, int Offset, bool HasMore);
