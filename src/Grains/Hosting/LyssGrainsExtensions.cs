using Lyss.UserGrains.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lyss.UserGrains.Grains.Hosting;

public static class LyssGrainsExtensions
{
    /// <summary>
    /// Registers the grains' silo-side services, feature by feature, with their options bound from
    /// <c>Lyss:Users</c>, <c>Lyss:Activities</c> and <c>Lyss:Notifications</c> and validated on start.
    /// Grain storage, reminders and clustering are the host's choice (the Silo project, or a test cluster).
    /// </summary>
    public static ISiloBuilder AddLyssGrains(this ISiloBuilder silo, string postgresConnectionString)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(new GrainClock(TimeProvider.System));
        silo.AddLyssStores(postgresConnectionString);
        silo.AddUsersAndTenants();
        silo.AddActivityTracking();
        silo.AddNotifications();
        return silo;
    }
}
