using System.Text.Json;
using Dapper;
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
public sealed class AlertStore(NpgsqlDataSource dataSource)
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

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, Guid userId, string type, string severity, object evidence)
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
        await connection.ExecuteAsync(
            """
            INSERT INTO user_notifications (id, user_id, tenant_id, notification_type, title, content, metadata, priority, channel, sent_at)
            SELECT gen_random_uuid(), admin.user_id, @tenantId, 'security_alert',
                   'Security alert: ' || @type || ' (' || @severity || ')',
                   'User ' || coalesce(subject.email, subject.name, @userId::text) || ' triggered the ' || @type
                       || ' rule. Review it under /api/v1/users/' || @userId::text || '/alerts.',
                   jsonb_build_object('alert_id', @id, 'user_id', @userId, 'type', @type, 'severity', @severity),
                   CASE WHEN @severity = 'high' THEN 'high' ELSE 'normal' END, 'in_app', now()
            FROM tenant_members admin
            LEFT JOIN tenant_members subject ON subject.tenant_id = @tenantId AND subject.user_id = @userId
            WHERE @notify AND admin.tenant_id = @tenantId AND admin.role IN ('owner', 'admin')
              AND admin.status = 'active' AND admin.user_status = 'active'
            """,
            new { id, tenantId, userId, type, severity, notify },
            tx);
    }
}
