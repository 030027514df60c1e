namespace Lyss.UserGrains.Activities;

public enum TrackStatus
{
    Accepted = 0,
    Duplicate = 1,
    Rejected = 2,

    /// <summary>The user turned <c>privacy.activity_tracking</c> off: a non-audit activity is not stored or counted.</summary>
    NotTracked = 3,
}
