namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>A model or feature other members used and this user did not, with how many (and how many similar) members used it.</summary>
public sealed record CandidateRow(string Name, long Users, long SimilarUsers, long Uses, long Peers);
