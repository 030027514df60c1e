namespace Lyss.UserGrains.Users;

/// <summary>Where a user is in its lifecycle (transitions: docs/architecture.md, LifecycleTable).</summary>
/// <remarks>Values are persisted by name; never renumber, only append.</remarks>
public enum UserStatus
{
    Pending = 0,
    Active = 1,
    Inactive = 2,
    Locked = 3,
    Banned = 4,
    Deleted = 5,
    Anonymized = 6,
}
