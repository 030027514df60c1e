namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>The answer for an activity of a user who turned <c>privacy.activity_tracking</c> off: nothing was stored.</summary>
public sealed record NotTrackedResponse
{
    public string Status { get; init; } = "not_tracked";
}
