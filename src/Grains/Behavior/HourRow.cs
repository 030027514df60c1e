namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>One hour of a user's rollup for one activity type.</summary>
public sealed record HourRow(DateTime Hour, string ActivityType, long Activities, long Tokens, decimal Cost);
