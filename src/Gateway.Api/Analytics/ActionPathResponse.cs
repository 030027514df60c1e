namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record ActionPathResponse(IReadOnlyList<ActionStep> Path);
