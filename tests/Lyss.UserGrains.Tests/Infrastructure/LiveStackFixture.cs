using Lyss.UserGrains.Gateway;
using Lyss.UserGrains.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>
/// The deployed shape in one process: a silo host on Redis membership and PostgreSQL, and the
/// REST gateway as a separate Orleans client finding it through Redis, over real HTTP.
/// </summary>
public class LiveStackFixture : IAsyncLifetime
{
    public const string Issuer = "lyss-auth-test";
    public const string Audience = "lyss-user-grains-test";

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string ServiceId { get; } = "lyss-test-" + Guid.NewGuid().ToString("N")[..12];

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>Where the silo's email channel delivers.</summary>
    public SmtpSink Smtp { get; } = new();

    /// <summary>Where the silo's push and SMS channels post.</summary>
    public WebhookSink Webhooks { get; } = new();

    public WebApplication Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public TokenIssuer Tokens { get; private set; } = null!;

    public LyssAuthOptions AuthOptions => new() { Issuer = Issuer, Audience = Audience, SigningKey = SigningKey };

    public virtual async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            // Not the default list ./run.sh's silos replay from the same Redis.
            ["Lyss:Activities:SpillQueue"] = $"test_spill_{ClusterId}",
        };
        if (DeliversNotifications)
        {
            settings["Lyss:Notifications:SmtpHost"] = "127.0.0.1";
            settings["Lyss:Notifications:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Lyss:Notifications:PollInterval"] = "00:00:00.100";
            settings["Lyss:Notifications:RetryBackoff"] = "00:00:00.200";
            settings["Lyss:Notifications:MaxAttempts"] = "3";
            settings["Lyss:Notifications:PushWebhook"] = Webhooks.Url("push").ToString();
            settings["Lyss:Notifications:SmsWebhook"] = Webhooks.Url("sms").ToString();
        }

        Silo = await SiloProcess.StartAsync(ClusterId, ServiceId, await TestDatabase.ConnectionStringAsync(), settings, ConfigureSilo);
        // The suite calls the anonymous routes from one address far more than a client would.
        Gateway = BuildGateway(new() { ["Lyss:Gateway:Limits:AnonymousPerMinute"] = "0" }, ConfigureGateway);
        await Gateway.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(Gateway.Urls.First()) };
        Tokens = new TokenIssuer(AuthOptions, TimeProvider.System);
    }

    /// <summary>
    /// Whether the stack's silo sends mail, SMS and push. Every silo with a channel claims due messages
    /// from the one test database, so only one stack may: another would send this stack's mail to its own sink.
    /// </summary>
    protected virtual bool DeliversNotifications => true;

    /// <summary>More configuration of the stack's silo (a stack of its own, traced, say).</summary>
    protected virtual void ConfigureSilo(WebApplicationBuilder builder)
    {
    }

    /// <summary>More configuration of the stack's own gateway.</summary>
    protected virtual void ConfigureGateway(WebApplicationBuilder builder)
    {
    }

    /// <summary>
    /// A gateway of this stack's cluster with settings of a test's own (limits), started; the caller
    /// stops and disposes it.
    /// </summary>
    public async Task<(WebApplication App, HttpClient Http)> StartGatewayAsync(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var app = BuildGateway(settings, configure);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    private WebApplication BuildGateway(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) => GatewayApp.Build([], builder =>
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Lyss:Cluster:ClusterId"] = ClusterId,
            ["Lyss:Cluster:ServiceId"] = ServiceId,
            ["Lyss:Cluster:Clustering"] = "Redis",
            ["Lyss:Auth:Issuer"] = Issuer,
            ["Lyss:Auth:Audience"] = Audience,
            ["Lyss:Auth:SigningKey"] = SigningKey,
            ["Lyss:Users:ExposeVerificationTokens"] = "true",
            ["Lyss:Gateway:TrustedProxies:0"] = "127.0.0.1",
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddProvider(ServerErrors);
        configure?.Invoke(builder);
    });

    /// <summary>Errors the stack's gateways logged (a 500's exception among them).</summary>
    public ServerErrorLog ServerErrors { get; } = new();

    /// <summary>A valid token for <paramref name="tenantId"/> with the given permissions.</summary>
    /// <summary>The silo's spill list (its own, not ./run.sh's).</summary>
    public string SpillQueue => $"test_spill_{ClusterId}";

    /// <summary>
    /// Puts a row in a processing list of a silo that holds its lease (<paramref name="owner"/>, fake): it
    /// stays there, not replayed, as a claimed range of a silo in the middle of a replay would.
    /// </summary>
    public async Task PushHeldSpillAsync(string owner, object row)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var db = redis.GetDatabase();
        await db.StringSetAsync($"{SpillQueue}:lease:{owner}", "1", TimeSpan.FromMinutes(10));
        await db.SetAddAsync($"{SpillQueue}:processing", owner);
        await db.ListRightPushAsync($"{SpillQueue}:processing:{owner}", System.Text.Json.JsonSerializer.Serialize(row));
    }

    /// <summary>The rows of the spill list and of <paramref name="owner"/>'s processing list.</summary>
    public async Task<List<string>> SpillRowsAsync(string owner)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var db = redis.GetDatabase();
        return [.. (await db.ListRangeAsync(SpillQueue)).Concat(await db.ListRangeAsync($"{SpillQueue}:processing:{owner}")).Select(v => (string)v!)];
    }

    /// <summary>Removes a fake silo's processing list, lease and registration.</summary>
    public async Task ReleaseHeldSpillAsync(string owner)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync([$"{SpillQueue}:processing:{owner}", $"{SpillQueue}:lease:{owner}"]);
        await db.SetRemoveAsync($"{SpillQueue}:processing", owner);
    }

    public string Token(Guid tenantId, string subject = "test-service", params string[] permissions) =>
        Tokens.Issue(subject, tenantId, permissions, TimeSpan.FromMinutes(10));

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.StopAsync();
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
        await Smtp.DisposeAsync();
        await Webhooks.DisposeAsync();
    }
}
