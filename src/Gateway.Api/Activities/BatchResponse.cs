namespace Lyss.UserGrains.Gateway.Activities;

public sealed record BatchResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<BatchItemResult> Results);
