using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Invitations;
using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lyss.UserGrains.Grains.Hosting;

public static class StoresExtensions
{
    /// <summary>
    /// The stores and grain storage run the same few hundred statements all day: Npgsql prepares those
    /// used twice, so PostgreSQL stops parsing and planning them per call, and a connection back in the
    /// pool is not reset (four statements per use): no store leaves session state on it but the
    /// writer's staging table, which is meant to stay (bulk SCIM onboarding: docs/benchmarks.md).
    /// A connection string that sets these keeps its own values.
    /// </summary>
    public static string ForStores(string postgresConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages) = (256, 2);
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = postgresConnectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>PostgreSQL and every store over it (the only classes with SQL); a store outage in any grain call is a 503.</summary>
    public static ISiloBuilder AddLyssStores(this ISiloBuilder silo, string postgresConnectionString)
    {
        silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(ForStores(postgresConnectionString)));
        // Exports stream for minutes: their own few connections, so they can never take the writer's.
        silo.Services.TryAddKeyedSingleton(Reports.ActivityReportStore.DataSourceKey, (_, _) =>
            NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgresConnectionString) { MaxPoolSize = 4 }.ConnectionString));
        silo.AddIncomingGrainCallFilter<StoreOutageFilter>();
        silo.AddIncomingGrainCallFilter<Telemetry.GrainBusyFilter>();
        silo.Services.TryAddSingleton<UserStore>();
        silo.Services.TryAddSingleton<Privacy.ErasureStore>();
        silo.Services.TryAddSingleton<Privacy.PersonalDataStore>();
        silo.Services.TryAddSingleton<TenantStore>();
        silo.Services.TryAddSingleton<Credentials.CredentialStore>();
        silo.Services.TryAddSingleton<Visitors.VisitorStore>();
        silo.Services.TryAddSingleton<Scim.ScimStore>();
        silo.Services.TryAddSingleton<InvitationStore>();
        silo.Services.TryAddSingleton<TeamStore>();
        silo.Services.TryAddSingleton<Alerts.AlertStore>();
        silo.Services.TryAddSingleton<Analytics.AnalyticsStore>();
        silo.Services.TryAddSingleton<NotificationStore>();
        silo.Services.TryAddSingleton<Sharing.SharingStore>();
        silo.Services.TryAddSingleton<Relationships.RelationshipStore>();
        silo.Services.TryAddSingleton<Reports.ActivityReportStore>();
        silo.Services.TryAddSingleton<ActivityStore>();
        silo.Services.TryAddSingleton<ActivityHistoryStore>();
        silo.Services.TryAddSingleton<ActivityTypeStore>();
        silo.Services.TryAddSingleton<DeadLetterStore>();
        silo.Services.TryAddSingleton<Conversations.ConversationStore>();
        silo.Services.TryAddSingleton<Behavior.BehaviorStore>();
        return silo;
    }
}
