using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lyss.UserGrains.Grains.Hosting;

public static class LyssGrainsExtensions
{
    /// <summary>
    /// Registers the grains' silo-side services. Storage, reminders and clustering are the
    /// host's choice (the Silo project, or a test cluster), not the grains'.
    /// </summary>
    public static ISiloBuilder AddLyssGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
