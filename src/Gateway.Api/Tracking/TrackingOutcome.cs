namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>What became of a request's events. <see cref="Unavailable"/> &gt; 0 asks the client to resend (its message ids make that safe).</summary>
public sealed record TrackingOutcome(int Accepted, int Duplicate, int Dropped, int NotTracked, int Unavailable, int Linked);
