using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Grains.Users;

/// <summary>The lifecycle table against the contract's diagram, every command from every status (no cluster, no database).</summary>
public sealed class LifecycleTableTests
{
    // Rows: commands; columns: pending, active, inactive, locked, banned, deleted, anonymized; "-" is a 409.
    private static readonly Dictionary<LifecycleCommand, string[]> Expected = new()
    {
        [LifecycleCommand.Activate] = ["active", "-", "active", "-", "-", "-", "-"],
        [LifecycleCommand.Deactivate] = ["-", "inactive", "-", "-", "-", "-", "-"],
        [LifecycleCommand.Lock] = ["-", "locked", "-", "-", "-", "-", "-"],
        [LifecycleCommand.Unlock] = ["-", "-", "-", "active", "-", "-", "-"],
        [LifecycleCommand.Ban] = ["banned", "banned", "banned", "banned", "-", "-", "-"],
        [LifecycleCommand.Unban] = ["-", "-", "-", "-", "active", "-", "-"],
        [LifecycleCommand.SoftDelete] = ["deleted", "deleted", "deleted", "deleted", "deleted", "-", "-"],
        [LifecycleCommand.Anonymize] = ["anonymized", "anonymized", "anonymized", "anonymized", "anonymized", "anonymized", "-"],
    };

    private static readonly UserStatus[] Columns =
        [UserStatus.Pending, UserStatus.Active, UserStatus.Inactive, UserStatus.Locked, UserStatus.Banned, UserStatus.Deleted, UserStatus.Anonymized];

    [Fact]
    public void Every_command_from_every_status_moves_as_the_diagram_says_or_is_a_conflict()
    {
        Assert.Equal(Enum.GetValues<LifecycleCommand>().Length, Expected.Count);
        foreach (var (command, row) in Expected)
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                if (row[c] == "-")
                {
                    Assert.Null(LifecycleTable.Next(command, Columns[c]));
                    var conflict = Assert.Throws<ConflictException>(() => LifecycleTable.Require(command, Columns[c]));
                    Assert.Equal("illegal_transition", conflict.Code);
                }
                else
                {
                    Assert.Equal(row[c], LifecycleTable.Require(command, Columns[c]).ToString().ToLowerInvariant());
                }
            }
        }
    }
}
