namespace Lyss.UserGrains.Gateway.Invitations;

public sealed record InvitationListResponse(IReadOnlyList<InvitationResponse> Invitations, long Total, int Limit, int Offset, bool HasMore);
