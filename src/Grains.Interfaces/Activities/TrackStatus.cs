namespace Lyss.UserGrains.Activities;

public enum TrackStatus
{
    Accepted = 0,
    Duplicate = 1,
    Rejected = 2,
}
