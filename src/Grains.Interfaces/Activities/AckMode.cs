namespace Lyss.UserGrains.Activities;

public enum AckMode
{
    /// <summary>Answer once the user's grain holds the activity.</summary>
    Buffered = 0,

    /// <summary>Answer after the commit that holds it (or its append to the Redis spill while PostgreSQL is down).</summary>
    Durable = 1,
}
