namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>The tenant's other analysed members against one user's score and 30-day activity.</summary>
public sealed record PeerFigures(long Peers, long LowerScore, long LowerActivity, decimal? AverageScore, double? AverageActivity);
