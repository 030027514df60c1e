namespace Lyss.UserGrains.Gateway.Analytics;

public sealed record RetentionResponse(string Period, IReadOnlyList<RetentionCohort> Cohorts);
