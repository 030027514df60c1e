namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>One day's use of a model or feature by the user.</summary>
public sealed record UsageRow(
    DateTime Day, string Kind, string Name, long Uses, long Tokens, decimal Cost, string? Provider = null, long Responses = 0, double ResponseSeconds = 0);
