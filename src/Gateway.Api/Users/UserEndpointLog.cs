namespace Lyss.UserGrains.Gateway.Users;

internal static partial class UserEndpointLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "An anonymous verification resend for user {UserId} failed")]
    public static partial void ResendFailed(ILogger logger, Exception exception, Guid userId);
}
