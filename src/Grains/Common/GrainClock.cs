namespace Lyss.UserGrains.Grains.Common;

/// <summary>
/// The domain's notion of now (token expiry, until-times, presence). A type of its own rather
/// than the TimeProvider Orleans itself uses, so tests can move the domain's clock without
/// moving the runtime's.
/// </summary>
public class GrainClock(TimeProvider provider)
{
    public virtual DateTimeOffset UtcNow => provider.GetUtcNow();
}
