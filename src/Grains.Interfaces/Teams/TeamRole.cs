namespace Lyss.UserGrains.Teams;

public enum TeamRole
{
    /// <summary>Sees the team and its resources.</summary>
    Member = 0,

    /// <summary>Also renames the team and adds or removes its members.</summary>
    Lead = 1,
}
