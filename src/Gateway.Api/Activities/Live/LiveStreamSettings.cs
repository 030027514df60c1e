namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>The cluster whose live streams this gateway reads (its Orleans client's, co-hosted or not).</summary>
public sealed record LiveStreamSettings(string ClusterId);
