namespace Lyss.UserGrains.Gateway.Analytics;

/// <summary>Members who joined in one period (its first day, local): how many, and the share active in each period from that one on.</summary>
public sealed record RetentionCohort(string Start, long Size, IReadOnlyList<decimal> Retention);
