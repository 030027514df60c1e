namespace Lyss.UserGrains.Invitations;

public enum InvitationStatus
{
    Pending = 0,
    Accepted = 1,
    Expired = 2,
    Cancelled = 3,
}
