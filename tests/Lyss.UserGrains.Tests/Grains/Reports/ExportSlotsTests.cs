using Lyss.UserGrains.Reports;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Grains.Reports;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ExportSlotsTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_tenant_holds_at_most_its_limit_of_exports_a_release_frees_one_and_a_lapsed_lease_too()
    {
        var slots = fixture.Client.GetGrain<IExportSlotsGrain>(Guid.NewGuid());
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var lease = TimeSpan.FromMinutes(30);
        Assert.True(await slots.TryAcquireAsync(a, 2, lease));
        Assert.True(await slots.TryAcquireAsync(b, 2, lease));
        Assert.False(await slots.TryAcquireAsync(c, 2, lease));
        Assert.True(await fixture.Client.GetGrain<IExportSlotsGrain>(Guid.NewGuid()).TryAcquireAsync(c, 2, lease));

        await slots.ReleaseAsync(a);
        Assert.True(await slots.TryAcquireAsync(c, 2, lease));
        Assert.False(await slots.TryAcquireAsync(a, 2, lease));

        fixture.Clock.Offset = lease + TimeSpan.FromSeconds(1);
        try
        {
            Assert.True(await slots.TryAcquireAsync(a, 2, lease));
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }
    }
}
