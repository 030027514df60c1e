namespace Lyss.UserGrains.Relationships;

/// <summary>What one user does towards another (follow, friend, block).</summary>
public enum RelationshipAction
{
    Follow = 0,
    Unfollow = 1,
    RequestFriendship = 2,
    AcceptFriendship = 3,
    RejectFriendship = 4,
    Unfriend = 5,
    Block = 6,
    Unblock = 7,
}
