namespace Lyss.UserGrains.Grains.Activities;

/// <summary>Activities of one type in one hour, with the tokens and cost of model usage; a struct so a user's hours are one array.</summary>
public struct HourBucket
{
    public long Count;
    public long Tokens;

    /// <summary>Cost in millionths (costs carry six decimals, as the rollup's numeric(14,6) does).</summary>
    public long CostMicros;

    public readonly decimal Cost => CostMicros / 1_000_000m;

    public static long Micros(decimal cost) => (long)decimal.Round(cost * 1_000_000m, MidpointRounding.AwayFromZero);
}
