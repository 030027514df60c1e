using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

public static class UserStatusNames
{
    /// <summary>The wire name of a status (lowercase, as the JSON policy writes enums).</summary>
    public static string Of(UserStatus status) => status.ToString().ToLowerInvariant();
}
