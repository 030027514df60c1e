using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>User settings (configuration section <c>Lyss:Users</c>).</summary>
public sealed class UserOptions
{
    public const string SectionName = "Lyss:Users";

    /// <summary>A user counts as online when active within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OnlineWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The burst rule: more than this many actions within <see cref="BurstWindow"/> raise an alert.</summary>
    [Range(1, 1_000_000)]
    public int BurstThreshold { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed logins in a row that lock the user, and for how long.</summary>
    [Range(1, 1000)]
    public int FailedLoginLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FailedLoginLock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A conversation session ends when no chat_message or model_usage follows within this gap.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ConversationIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Longest a durable activity waits for its commit or spill; past it the answer is 503
    /// <c>outcome_unknown</c> (the rows stay queued and may yet be stored).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:25")]
    public TimeSpan DurableAckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Distinct custom activity types a tenant may use (each is a metric series and a counter bucket per active user); beyond, 400.</summary>
    [Range(1, 10_000)]
    public int CustomActivityTypesPerTenant { get; set; } = 200;

    /// <summary>How often the active_users gauge is sampled; zero turns it off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActiveUsersSampleInterval { get; set; } = TimeSpan.FromMinutes(1);
}
