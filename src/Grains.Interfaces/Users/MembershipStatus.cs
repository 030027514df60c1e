namespace Lyss.UserGrains.Users;

/// <summary>The state of one membership, apart from the user's global status.</summary>
public enum MembershipStatus
{
    Active,

    /// <summary>This tenant's tokens for the user are refused until <c>locked_until</c>.</summary>
    Locked,
}
