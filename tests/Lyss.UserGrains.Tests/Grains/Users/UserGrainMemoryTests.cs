using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Tests.Grains.Users;

/// <summary>Grain logic that touches no database, on the in-memory cluster.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class UserGrainMemoryTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task An_id_that_is_no_user_reads_as_absent_and_is_judged_as_a_service_principal()
    {
        var user = fixture.Client.GetGrain<IUserGrain>(Guid.NewGuid());
        Assert.Null(await user.GetAsync());
        Assert.Null(await user.GetProfileAsync());
        Assert.Null(await user.GetPreferencesAsync());
        Assert.Null(await user.GetPresenceAsync());
        Assert.Null(await user.GetActivitySummaryAsync(Guid.NewGuid(), 7));
        var access = await user.GetAccessAsync(Guid.NewGuid());
        Assert.False(access.IsUser);
        Assert.Empty(access.Permissions);
    }
}
