namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>PostHog's capture answer: <c>{"status": 1}</c>.</summary>
public sealed record PostHogResponse(int Status);
