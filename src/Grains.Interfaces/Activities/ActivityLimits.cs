namespace Lyss.UserGrains.Activities;

/// <summary>
/// The bounds of one activity, in one place: the grain validates with them, the writer's staging table
/// and the gateway's body limits are built from them, a test holds the columns of <c>sql/</c> and the
/// table in docs/api.md equal to them.
/// </summary>
public static class ActivityLimits
{
    /// <summary>Characters (columns are varchar of this length).</summary>
    public const int ActivityTypeLength = 50;
    public const int ResourceTypeLength = 50;
    public const int ResourceIdLength = 255;
    public const int SessionIdLength = 255;
    public const int MessageIdLength = 200;

    /// <summary>Longer user agents are cut, not refused (browsers send what they send).</summary>
    public const int UserAgentLength = 500;

    /// <summary>The model or feature a usage row is rolled up under (cut to this).</summary>
    public const int UsageNameLength = 100;

    /// <summary>A model_usage's <c>details.provider</c>, cut to this for the usage rollup.</summary>
    public const int ProviderLength = 50;

    /// <summary>Seconds a model may report in <c>details.response_time</c>.</summary>
    public const int MaxResponseSeconds = 3600;

    /// <summary>UTF-8 bytes of an activity's <c>details</c> object.</summary>
    public const int DetailsBytes = 16 * 1024;

    /// <summary>One model call's tokens and cost: no hour's rollup can overflow however many arrive.</summary>
    public const long MaxTokens = 1_000_000_000;
    public const decimal MaxCost = 1_000_000m;

    /// <summary>Activities in one batch request, and the request bodies of one activity and of a batch.</summary>
    public const int BatchSize = 1000;
    public const long ActivityBodyBytes = 32 * 1024;
    public const long BatchBodyBytes = 1024 * 1024;
}
