namespace Lyss.UserGrains.Gateway.Activities;

public sealed record DeadLetterListResponse(IReadOnlyList<DeadLetterResponse> DeadLetters, long Total, int Limit, int Offset, bool HasMore);
