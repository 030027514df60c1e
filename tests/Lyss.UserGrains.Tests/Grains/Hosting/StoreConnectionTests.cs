using Lyss.UserGrains.Grains.Hosting;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Hosting;

public sealed class StoreConnectionTests
{
    [Fact]
    public void The_stores_prepare_statements_and_skip_the_pool_reset_unless_the_connection_string_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(StoresExtensions.ForStores("Host=db;Database=lyss;Username=app;Password=reset-me"));
        Assert.Equal((256, 2, true), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages, tuned.NoResetOnClose));

        var own = new NpgsqlConnectionStringBuilder(StoresExtensions.ForStores("Host=db;Max Auto Prepare=10;No Reset On Close=false"));
        Assert.Equal((10, false), (own.MaxAutoPrepare, own.NoResetOnClose));
    }
}
