namespace Lyss.UserGrains.Users;

public enum DeleteType
{
    /// <summary>Status deleted, hidden from lists, data kept.</summary>
    Soft = 0,

    /// <summary>PII scrubbed everywhere; counts kept.</summary>
    Anonymize = 1,

    /// <summary>The user's rows removed; a tombstone keeps its tokens refused.</summary>
    Hard = 2,
}
