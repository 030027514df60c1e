using Lyss.UserGrains.Grains.Activities;

namespace Lyss.UserGrains.Tests.Grains.Activities;

public sealed class ActivityIdsTests
{
    [Fact]
    public void Ids_are_version_7_with_the_time_in_front_and_never_repeat()
    {
        var at = new DateTimeOffset(2026, 11, 23, 14, 5, 6, 789, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 100_000).Select(_ => ActivityIds.Create(at)).ToList();

        foreach (var id in ids.Take(1_000))
        {
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
            Assert.Equal(at.ToUnixTimeMilliseconds().ToString("x12"), id.ToString("N")[..12]);
        }

        // The random part alone differs between ids of the same millisecond (so the ids do too).
        Assert.Equal(ids.Count, ids.Select(id => id.ToString("N")[12..]).Distinct().Count());
    }

    [Fact]
    public void Ids_sort_by_time_as_PostgreSQL_compares_uuids()
    {
        var earlier = ActivityIds.Create(new DateTimeOffset(2026, 11, 23, 14, 5, 6, 789, TimeSpan.Zero));
        var later = ActivityIds.Create(new DateTimeOffset(2026, 11, 23, 14, 5, 6, 790, TimeSpan.Zero));

        // PostgreSQL orders uuids by their bytes in RFC order, which is the order of the "N" text.
        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
        Assert.Equal(Guid.CreateVersion7(new DateTimeOffset(2026, 11, 23, 14, 5, 6, 790, TimeSpan.Zero)).ToString("N")[..12], later.ToString("N")[..12]);
    }
}
