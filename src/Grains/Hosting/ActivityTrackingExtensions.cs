using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Hosting;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lyss.UserGrains.Grains.Hosting;

public static class ActivityTrackingExtensions
{
    /// <summary>The activity hot path: the silo-wide writer (a lifecycle participant), its committer, spill and partitions (<c>Lyss:Activities</c>).</summary>
    public static ISiloBuilder AddActivityTracking(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<ActivityWriterOptions>(ActivityWriterOptions.SectionName);
        // Logged with the silo's options at start (secrets marked [Redact] shown as such).
        silo.Services.ConfigureFormatter<ActivityWriterOptions>();
        silo.Services.TryAddSingleton<CustomTypeCache>();
        silo.Services.TryAddSingleton<ActivityBatchCommitter>();
        silo.Services.TryAddSingleton<ActivitySpill>();
        silo.Services.TryAddSingleton<LiveActivityFeed>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveActivityFeed>());
        silo.Services.TryAddSingleton<ActivityWriter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ActivityWriter>());
        silo.Services.AddHostedService<ActivityPartitionMaintenance>();
        return silo;
    }
}
