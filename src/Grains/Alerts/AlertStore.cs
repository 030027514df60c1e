using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Risk;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Alerts;

/// <summary>
/// Writes a finding to <c>security_alerts</c> and a <c>security_alert</c> notification to each
/// active owner and admin of the tenant in one transaction (visible to the next read; the
/// dispatcher sends them on by email or webhook where configured), and counts it. Notifications
/// are damped: one per rule and user within <see cref="NotifyWindow"/>, so a batch of failed logins
/// cannot mail every admin a thousand times (each alert is still recorded).
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource, Notifications.NotificationWriter notifications)
{
    private static readonly Counter Alerts = Metrics.CreateCounter("user_security_alerts_total", "Security alerts raised", "type", "tenant_id");

    public static readonly TimeSpan NotifyWindow = TimeSpan.FromHours(1);

    /// <summary>Records a batch of findings about one user in one transaction (none: no round trip).</summary>
    public async Task RaiseAsync(Guid tenantId, Guid userId, IReadOnlyList<RiskAlert> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var alert in alerts)
        {
            await RecordAsync(connection, tx, tenantId, userId, alert.Rule, alert.Severity, alert.Evidence);
        }

        await tx.CommitAsync();
        foreach (var alert in alerts)
        {
            Alerts.WithLabels(alert.Rule, tenantId.ToString()).Inc();
        }
    }

    private async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, Guid userId, string type, string severity, object evidence)
    {
        var id = Guid.CreateVersion7();
        var notify = await connection.ExecuteScalarAsync<bool>(
            """
            SELECT NOT EXISTS (SELECT 1 FROM security_alerts
                               WHERE tenant_id = @tenantId AND user_id = @userId AND type = @type AND created_at > now() - @window)
            """,
            new { tenantId, userId, type, window = NotifyWindow },
            tx);
        await connection.ExecuteAsync(
            "INSERT INTO security_alerts (id, tenant_id, user_id, type, severity, evidence, created_at) VALUES (@id, @tenantId, @userId, @type, @severity, @Evidence::jsonb, now())",
            new { id, tenantId, userId, type, severity, Evidence = JsonSerializer.Serialize(evidence) },
            tx);
        if (!notify)
        {
            return;
        }

        // Each active owner and admin of the tenant hears of it, in their own language.
        var (subject, admins) = (
            await connection.ExecuteScalarAsync<string?>(
                "SELECT coalesce(email, name) FROM tenant_members WHERE tenant_id = @tenantId AND user_id = @userId", new { tenantId, userId }, tx),
            (await connection.QueryAsync<Guid>(
                """
                SELECT user_id FROM tenant_members
                WHERE tenant_id = @tenantId AND role IN ('owner', 'admin') AND status = 'active' AND user_status = 'active'
                """, new { tenantId }, tx)).ToList());
        var values = new Dictionary<string, string?> { ["rule"] = type, ["severity"] = severity, ["user"] = subject ?? userId.ToString(), ["user_id"] = userId.ToString() };
        var metadata = JsonSerializer.Serialize(new { alert_id = id, user_id = userId, type, severity });
        await notifications.AddNoticesAsync(connection, tx, [.. admins.Select(admin => new Notifications.Notice(
            admin, tenantId, "security_alert", "risk_alert", values, severity == "high" ? "high" : "normal", metadata))]);
    }

    /// <summary>A tenant's alerts of the last <paramref name="hours"/>, newest first, of one user or all.</summary>
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
