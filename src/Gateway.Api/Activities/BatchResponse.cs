namespace Lyss.UserGrains.Gateway.Activities;

public sealed record BatchResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<BatchItemResult> Results)
{
    /// <summary>Items of users who turned activity tracking off (not stored).</summary>
    public int NotTracked { get; init; }
}
