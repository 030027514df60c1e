using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// The user lifecycle as one table: pending → active ⇄ inactive, active ⇄ locked, ⇄ banned,
/// → deleted, → anonymized. A command from a status the table lacks is a 409, never a no-op.
/// Hard delete is not here: it removes the user from any status.
/// </summary>
public static class LifecycleTable
{
    private static readonly Dictionary<LifecycleCommand, (UserStatus[] From, UserStatus To)> Rows = new()
    {
        [LifecycleCommand.Activate] = ([UserStatus.Pending, UserStatus.Inactive], UserStatus.Active),
        [LifecycleCommand.Deactivate] = ([UserStatus.Active], UserStatus.Inactive),
        [LifecycleCommand.Lock] = ([UserStatus.Active], UserStatus.Locked),
        [LifecycleCommand.Unlock] = ([UserStatus.Locked], UserStatus.Active),
        [LifecycleCommand.Ban] = ([UserStatus.Active, UserStatus.Inactive, UserStatus.Pending, UserStatus.Locked], UserStatus.Banned),
        [LifecycleCommand.Unban] = ([UserStatus.Banned], UserStatus.Active),
        [LifecycleCommand.SoftDelete] = ([UserStatus.Pending, UserStatus.Active, UserStatus.Inactive, UserStatus.Locked, UserStatus.Banned], UserStatus.Deleted),
        [LifecycleCommand.Anonymize] = ([UserStatus.Pending, UserStatus.Active, UserStatus.Inactive, UserStatus.Locked, UserStatus.Banned, UserStatus.Deleted], UserStatus.Anonymized),
    };

    /// <summary>The status <paramref name="command"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static UserStatus? Next(LifecycleCommand command, UserStatus from) =>
        Rows[command].From.Contains(from) ? Rows[command].To : null;

    /// <summary>The next status, or a 409 <c>illegal_transition</c> naming the command and the current status.</summary>
    public static UserStatus Require(LifecycleCommand command, UserStatus from) =>
        Next(command, from) ?? throw new ConflictException(
            $"Cannot {Verb(command)} a user who is {WireName.Of(from)}.") { Code = "illegal_transition" };

    /// <summary>Reminder ticks may come a little early or twice: a status that ends within this of its time ends now.</summary>
    public static readonly TimeSpan ExpiryTolerance = TimeSpan.FromSeconds(1);

    /// <summary>What has run out at <paramref name="now"/>: a lock or a deactivation with an until, or nothing (not yet, or none).</summary>
    public static TimedExpiry Expired(UserStatus status, DateTimeOffset? lockedUntil, DateTimeOffset? inactiveUntil, DateTimeOffset now) => status switch
    {
        UserStatus.Locked when lockedUntil <= now + ExpiryTolerance => TimedExpiry.Lock,
        UserStatus.Inactive when inactiveUntil <= now + ExpiryTolerance => TimedExpiry.Deactivation,
        _ => TimedExpiry.None,
    };

    private static string Verb(LifecycleCommand command) => command switch
    {
        LifecycleCommand.SoftDelete => "delete",
        _ => command.ToString().ToLowerInvariant(),
    };
}
