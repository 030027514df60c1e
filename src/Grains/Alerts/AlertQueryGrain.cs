using Dapper;
using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Common;
using Npgsql;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Alerts;

[StatelessWorker]
public sealed class AlertQueryGrain(NpgsqlDataSource dataSource) : Grain, IAlertQueryGrain
{
    public async Task<Page<SecurityAlertView>> ListAsync(Guid tenantId, Guid? userId, int hours, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        const string Where = "tenant_id = @tenantId AND (@userId::uuid IS NULL OR user_id = @userId) AND created_at >= now() - make_interval(hours => @hours)";
        var p = new { tenantId, userId, hours, limit, offset };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM security_alerts WHERE {Where}", p);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT id AS Id, user_id AS UserId, type AS Type, severity AS Severity, evidence::text AS Evidence, created_at AS CreatedAt FROM security_alerts WHERE {Where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset", p);
        return new Page<SecurityAlertView>([.. rows.Select(r => new SecurityAlertView
        {
            Id = r.Id,
            UserId = r.UserId,
            Type = r.Type,
            Severity = r.Severity,
            Evidence = r.Evidence,
            CreatedAt = new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
        })], total, limit, offset);
    }

    private sealed record Row(Guid Id, Guid UserId, string Type, string Severity, string Evidence, DateTime CreatedAt);
}
