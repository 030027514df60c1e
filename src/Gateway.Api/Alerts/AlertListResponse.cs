namespace Lyss.UserGrains.Gateway.Alerts;

public sealed record AlertListResponse(IReadOnlyList<AlertResponse> Alerts, long Total, int Limit, int Offset, bool HasMore);
