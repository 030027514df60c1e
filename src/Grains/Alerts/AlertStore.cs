using System.Text.Json;
using Dapper;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Alerts;

/// <summary>
/// Writes a finding to <c>security_alerts</c> and a <c>security_alert</c> notification to each
/// active owner and admin of the tenant in one transaction (visible to the next read; the
/// dispatcher sends them on by email or webhook where configured), and counts it.
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private static readonly Counter Alerts = Metrics.CreateCounter("user_security_alerts_total", "Security alerts raised", "type", "tenant_id");

    public async Task RaiseAsync(Guid tenantId, Guid userId, string type, string severity, object evidence)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
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
            WHERE admin.tenant_id = @tenantId AND admin.role IN ('owner', 'admin')
              AND admin.status = 'active' AND admin.user_status = 'active'
            """,
            new { id, tenantId, userId, type, severity },
            tx);
        await tx.CommitAsync();
        Alerts.WithLabels(type, tenantId.ToString()).Inc();
    }
}
