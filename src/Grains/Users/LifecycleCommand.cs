namespace Lyss.UserGrains.Grains.Users;

/// <summary>What can happen to a user's global status (the rows of <see cref="LifecycleTable"/>).</summary>
public enum LifecycleCommand
{
    Activate,
    Deactivate,
    Lock,
    Unlock,
    Ban,
    Unban,
    SoftDelete,
    Anonymize,
}
