namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>PostHog's error shape: <c>type</c> (authentication_error, validation_error, server_error), <c>code</c>, <c>detail</c>.</summary>
public sealed record PostHogError(string Type, string Code, string Detail, string? Attr = null);
