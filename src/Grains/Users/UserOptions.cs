using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>User settings (configuration section <c>Lyss:Users</c>).</summary>
public sealed class UserOptions
{
    public const string SectionName = "Lyss:Users";

    /// <summary>A user counts as online when active within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OnlineWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the active_users gauge is sampled; zero turns it off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActiveUsersSampleInterval { get; set; } = TimeSpan.FromMinutes(1);
}
