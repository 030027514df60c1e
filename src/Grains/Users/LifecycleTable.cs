using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// The user lifecycle as one table: pending → active ⇄ inactive, active ⇄ locked, → banned,
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

    private static string Verb(LifecycleCommand command) => command switch
    {
        LifecycleCommand.SoftDelete => "delete",
        _ => command.ToString().ToLowerInvariant(),
    };
}
