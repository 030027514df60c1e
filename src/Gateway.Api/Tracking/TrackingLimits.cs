namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>Segment's published limits, applied to the decompressed body on the Segment and PostHog routes alike.</summary>
public static class TrackingLimits
{
    public const int EventBytes = 32 * 1024;
    public const int BatchBytes = 500 * 1024;
    public const int BatchEvents = 2500;
}
