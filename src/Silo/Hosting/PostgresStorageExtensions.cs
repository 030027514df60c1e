using Lyss.UserGrains.Grains.Storage;
using Orleans.Configuration;

namespace Lyss.UserGrains.Silo.Hosting;

public static class PostgresStorageExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql; the providers default to SQL Server's.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Grain state and reminders in PostgreSQL through Orleans' ADO.NET providers, on the
    /// tables and queries of <c>sql/</c>. State is stored as plain System.Text.Json so that
    /// adding fields to a state class never makes stored rows unreadable.
    /// </summary>
    public static ISiloBuilder AddLyssPostgresStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddAdoNetGrainStorage(LyssStorage.ProviderName, (AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = Lyss.UserGrains.Grains.Hosting.StoresExtensions.ForStores(connectionString);
            options.DeleteStateOnClear = true;
        });
        silo.UseAdoNetReminderService((AdoNetReminderTableOptions options) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }
}
