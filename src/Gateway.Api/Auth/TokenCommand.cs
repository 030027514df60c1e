using Lyss.UserGrains.Hosting;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// <c>token --tenant ID --user ID --permissions a,b [--minutes N]</c>: prints a token signed with
/// the configured key. The last line of output is the token alone, for scripts.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args)
    {
        string? tenant = null, user = null, permissions = "";
        var minutes = 60;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--tenant": tenant = Next(); break;
                case "--user": user = Next(); break;
                case "--permissions": permissions = Next(); break;
                case "--minutes": minutes = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: rest.Add(args[i]); break;
            }
        }

        if (!Guid.TryParse(tenant, out var tenantId) || string.IsNullOrWhiteSpace(user) || minutes <= 0)
        {
            Console.Error.WriteLine("usage: token --tenant <uuid> --user <id> --permissions a,b,c [--minutes 60]");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. rest])
            .Build();
        var options = configuration.BindValidated<LyssAuthOptions>(LyssAuthOptions.SectionName);
        var granted = permissions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = new TokenIssuer(options, TimeProvider.System).Issue(user, tenantId, granted, TimeSpan.FromMinutes(minutes));
        Console.Error.WriteLine($"token for sub={user} tenant_id={tenantId} permissions=[{string.Join(",", granted)}], valid {minutes} min:");
        Console.WriteLine(token);
        return 0;
    }
}
