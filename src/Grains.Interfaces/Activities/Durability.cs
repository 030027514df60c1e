namespace Lyss.UserGrains.Activities;

/// <summary>How far an accepted activity got before the answer.</summary>
public enum Durability
{
    /// <summary>In the silo's writer, to be committed within the flush interval.</summary>
    Buffered,

    /// <summary>Committed to PostgreSQL.</summary>
    Committed,

    /// <summary>In the Redis spill list while PostgreSQL is unavailable; replayed into it later.</summary>
    Spilled,
}
