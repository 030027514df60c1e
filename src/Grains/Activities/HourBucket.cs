namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Activities of one type in one hour, with the tokens and cost of model usage; a struct so a user's hours are one array.</summary>
public struct HourBucket
{
    public long Count;
    public long Tokens;
    public decimal Cost;
}
