using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Tests.Common;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("UTC", true)]
    [InlineData("Asia/Shanghai", true)]
    [InlineData("America/New_York", true)]
    [InlineData("China Standard Time", false)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    public void Only_iana_names_are_time_zones(string name, bool valid)
    {
        Assert.Equal(valid, TimeZones.TryFind(name, out var zone));
        if (valid)
        {
            Assert.NotNull(zone);
        }
    }
}
