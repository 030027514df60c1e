using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>User settings (configuration section <c>Lyss:Users</c>).</summary>
public sealed class UserOptions
{
    public const string SectionName = "Lyss:Users";

    /// <summary>A user counts as online when active within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OnlineWindow { get; set; } = TimeSpan.FromMinutes(5);
}
