using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Hosting;
using Npgsql;

namespace Lyss.UserGrains.Silo.Hosting;

/// <summary>
/// <c>rebuild-read-models</c>: rewrites the PostgreSQL read models from stored grain state,
/// with the silo's own configuration (connection string and service id), without starting it.
/// </summary>
public static class RebuildReadModelsCommand
{
    public const string Name = "rebuild-read-models";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        var silo = configuration.BindValidated<SiloOptions>(SiloOptions.SectionName);
        await using var dataSource = NpgsqlDataSource.Create(configuration.RequiredConnectionString("Postgres"));
        var rebuilder = new ReadModelRebuilder(dataSource, new UserStore(dataSource, NoNotices()), new TenantStore(dataSource));
        var (users, tenants) = await rebuilder.RebuildAsync(silo.ServiceId);
        Console.WriteLine($"rebuilt read models of {users} user(s) and {tenants} tenant(s) for service {silo.ServiceId}");
        return 0;
    }

    // A rebuild rewrites rows from state and sends nothing; the writer is there for the store's signature.
    private static Lyss.UserGrains.Grains.Notifications.NotificationWriter NoNotices() =>
        new(Lyss.UserGrains.Grains.Notifications.Templates.TemplateCatalog.Load(null, out _),
            Microsoft.Extensions.Options.Options.Create(new Lyss.UserGrains.Grains.Notifications.NotificationOptions()));
}
