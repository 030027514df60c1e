namespace Lyss.UserGrains.Gateway.Analytics;

/// <summary>Members by their last weeks of activity: new (joined this week), returning (active this week and last), resurrecting (active this week after a gap), dormant (neither week).</summary>
public sealed record LifecycleResponse(long New, long Returning, long Resurrecting, long Dormant);
