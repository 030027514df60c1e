namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>A token that validated but may not be used (its user or membership is not active): HTTP 401.</summary>
public sealed class UnauthorizedException(string message, string code = "inactive_user") : Exception(message)
{
    /// <summary><c>inactive_user</c> or <c>membership_locked</c>.</summary>
    public string Code { get; } = code;
}
