namespace Lyss.UserGrains.Gateway.Sharing;

public sealed record ShareListResponse(IReadOnlyList<Lyss.UserGrains.Sharing.ShareView> Shares, long Total, int Limit, int Offset, bool HasMore);
