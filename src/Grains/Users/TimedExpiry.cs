namespace Lyss.UserGrains.Grains.Users;

/// <summary>Which timed status has run out: the lock, the temporary deactivation, or none yet.</summary>
public enum TimedExpiry
{
    None,
    Lock,
    Deactivation,
}
