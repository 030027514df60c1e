using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Invitations;
using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Grains.Teams;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lyss.UserGrains.Grains.Hosting;

public static class LyssGrainsExtensions
{
    /// <summary>
    /// Registers the grains' silo-side services: the PostgreSQL data source their read models
    /// and audit trail use, and their options. Grain storage, reminders and clustering are the
    /// host's choice (the Silo project, or a test cluster), not the grains'.
    /// </summary>
    public static ISiloBuilder AddLyssGrains(this ISiloBuilder silo, string postgresConnectionString, IConfiguration? configuration = null)
    {
        silo.Services.TryAddSingleton(new GrainClock(TimeProvider.System));
        silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(postgresConnectionString));
        // Exports stream for minutes: their own few connections, so they can never take the writer's.
        silo.Services.TryAddKeyedSingleton(Reports.ActivityReportStore.DataSourceKey, (_, _) =>
            NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgresConnectionString) { MaxPoolSize = 4 }.ConnectionString));
        silo.AddIncomingGrainCallFilter<StoreOutageFilter>();
        silo.Services.TryAddSingleton<UserStore>();
        silo.Services.TryAddSingleton<TenantStore>();
        silo.Services.TryAddSingleton<ReadModelRebuilder>();
        silo.Services.TryAddSingleton<InvitationStore>();
        silo.Services.TryAddSingleton<TeamStore>();
        silo.Services.TryAddSingleton<Alerts.AlertStore>();
        silo.Services.TryAddSingleton<Analytics.AnalyticsStore>();
        silo.Services.TryAddSingleton<NotificationStore>();
        silo.Services.TryAddSingleton<Sharing.SharingStore>();
        silo.Services.TryAddSingleton<Relationships.RelationshipStore>();
        silo.Services.TryAddSingleton<Reports.ActivityReportStore>();
        silo.Services.TryAddSingleton<Alerts.TenantAlertRulesCache>();
        var notifications = silo.Services.AddOptions<NotificationOptions>().ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddHttpClient();
        foreach (var webhook in new[] { "push", "sms" })
        {
            // Transient answers retried within the send's time; the dispatcher retries later attempts.
            silo.Services.AddHttpClient(webhook).AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(4);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(9);
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            });
        }

        silo.Services.AddSingleton<INotificationChannel, EmailChannel>();
        silo.Services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
            "push", sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.PushWebhook, sp.GetRequiredService<IHttpClientFactory>().CreateClient("push")));
        silo.Services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
            "sms", sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.SmsWebhook, sp.GetRequiredService<IHttpClientFactory>().CreateClient("sms")));
        silo.Services.AddSingleton<NotificationDispatcher>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        silo.Services.AddHostedService<ActiveUsersSampler>();
        silo.Services.TryAddSingleton<ActivityStore>();
        silo.Services.TryAddSingleton<ActivityHistoryStore>();
        silo.Services.TryAddSingleton<Conversations.ConversationStore>();
        silo.Services.TryAddSingleton<Behavior.BehaviorStore>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<DeadLetterStore>();
        silo.Services.TryAddSingleton<ActivityTypeStore>();
        silo.Services.TryAddSingleton<CustomTypeCache>();
        silo.Services.TryAddSingleton<ActivityBatchCommitter>();
        silo.Services.TryAddSingleton<ActivitySpill>();
        silo.Services.AddHostedService<ActivityPartitionMaintenance>();
        silo.Services.TryAddSingleton<ActivityWriter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ActivityWriter>());
        var activities = silo.Services.AddOptions<ActivityWriterOptions>().ValidateDataAnnotations().ValidateOnStart();
        var users = silo.Services.AddOptions<UserOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
        {
            users.Bind(configuration.GetSection(UserOptions.SectionName));
            activities.Bind(configuration.GetSection(ActivityWriterOptions.SectionName));
            notifications.Bind(configuration.GetSection(NotificationOptions.SectionName));
        }

        return silo;
    }
}
