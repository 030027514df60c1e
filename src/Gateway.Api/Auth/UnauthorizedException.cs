namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>A token that validated but may not be used (its user is not active): HTTP 401.</summary>
public sealed class UnauthorizedException(string message) : Exception(message);
