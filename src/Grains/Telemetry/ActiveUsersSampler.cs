using Dapper;
using Lyss.UserGrains.Grains.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>
/// The <c>active_users{period,tenant_id}</c> gauge: active users who logged in within a
/// day, a week and a month, plus all active users, per tenant. Sampled from the read model on
/// an interval, so a scrape never queries the database.
/// </summary>
public sealed partial class ActiveUsersSampler(
    NpgsqlDataSource dataSource,
    IOptions<UserOptions> options,
    ILogger<ActiveUsersSampler> logger)
    : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ActiveUsersSampleInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ActiveUsersSampleInterval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogSampleFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid TenantId, long Daily, long Weekly, long Monthly, long All)>(new CommandDefinition(
            """
            SELECT tenant_id,
                   count(*) FILTER (WHERE last_login_at > now() - interval '1 day'),
                   count(*) FILTER (WHERE last_login_at > now() - interval '7 days'),
                   count(*) FILTER (WHERE last_login_at > now() - interval '30 days'),
                   count(*)
            FROM tenant_members WHERE user_status = 'active' GROUP BY tenant_id
            """,
            cancellationToken: cancellationToken));
        foreach (var r in rows)
        {
            UserMetrics.SetActiveUsers("daily", r.TenantId, r.Daily);
            UserMetrics.SetActiveUsers("weekly", r.TenantId, r.Weekly);
            UserMetrics.SetActiveUsers("monthly", r.TenantId, r.Monthly);
            UserMetrics.SetActiveUsers("all", r.TenantId, r.All);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling active users failed")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
