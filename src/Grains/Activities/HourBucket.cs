namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Activities of one type in one hour, with the tokens and cost of model usage.</summary>
public sealed class HourBucket
{
    public long Count { get; set; }
    public long Tokens { get; set; }
    public decimal Cost { get; set; }
}
