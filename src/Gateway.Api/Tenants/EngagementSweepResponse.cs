namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record EngagementSweepResponse(int ScoredMembers);
