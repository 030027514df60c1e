namespace Lyss.UserGrains.Grains.Activities;

/// <summary>What a rollup row adds up for its group of activities.</summary>
public struct Sums
{
    public long Count;
    public long Tokens;
    public decimal Cost;

    public void Add(ActivityRecord activity)
    {
        Count++;
        Tokens += activity.Tokens;
        Cost += activity.Cost;
    }
}
