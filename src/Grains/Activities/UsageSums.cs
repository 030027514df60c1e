namespace Lyss.UserGrains.Grains.Activities;

/// <summary>What a daily usage row adds up: the calls of a model or uses of a feature, and a model's answer times.</summary>
public struct UsageSums
{
    public long Count;
    public long Tokens;
    public decimal Cost;
    public long Responses;
    public double ResponseSeconds;

    /// <summary>The last provider named for the model in the group.</summary>
    public string? Provider;

    public void AddUse(ActivityRecord activity)
    {
        Count++;
        Tokens += activity.Tokens;
        Cost += activity.Cost;
        Provider = activity.Provider ?? Provider;
    }

    public void AddResponse(double seconds)
    {
        Responses++;
        ResponseSeconds += seconds;
    }
}
