using Lyss.UserGrains.Grains.Common;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>The grains' clock, movable by tests (token expiry); Orleans' own time is untouched.</summary>
public sealed class ShiftableClock() : GrainClock(TimeProvider.System)
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset UtcNow => base.UtcNow + Offset;
}
