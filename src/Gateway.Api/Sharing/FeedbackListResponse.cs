namespace Lyss.UserGrains.Gateway.Sharing;

public sealed record FeedbackListResponse(IReadOnlyList<Lyss.UserGrains.Sharing.FeedbackView> Feedback, double? AverageRating, long Total, int Limit, int Offset, bool HasMore);
