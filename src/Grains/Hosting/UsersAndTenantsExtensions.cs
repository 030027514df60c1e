using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Hosting;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lyss.UserGrains.Grains.Hosting;

public static class UsersAndTenantsExtensions
{
    /// <summary>Users, tenants and their rules: <c>Lyss:Users</c>, the tenants' alert rules, read-model rebuilds, active-user gauges.</summary>
    public static ISiloBuilder AddUsersAndTenants(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<UserOptions>(UserOptions.SectionName);
        // Logged with the silo's options at start (secrets marked [Redact] shown as such).
        silo.Services.ConfigureFormatter<UserOptions>();
        silo.Services.TryAddSingleton<Alerts.TenantAlertRulesCache>();
        silo.Services.TryAddSingleton<ReadModelRebuilder>();
        silo.Services.AddHostedService<ActiveUsersSampler>();
        return silo;
    }
}
