namespace Lyss.UserGrains.Users;

public enum UserSortField
{
    CreatedAt = 0,
    Name = 1,
    Email = 2,
    LastLoginAt = 3,
}
