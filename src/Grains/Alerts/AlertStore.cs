using System.Text.Json;
using Dapper;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Alerts;

/// <summary>Writes findings to <c>security_alerts</c> at once (visible to the next read) and counts them.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private static readonly Counter Alerts = Metrics.CreateCounter("user_security_alerts_total", "Security alerts raised", "type", "tenant_id");

    public async Task RaiseAsync(Guid tenantId, Guid userId, string type, string severity, object evidence)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO security_alerts (id, tenant_id, user_id, type, severity, evidence, created_at) VALUES (@Id, @tenantId, @userId, @type, @severity, @Evidence::jsonb, now())",
            new { Id = Guid.CreateVersion7(), tenantId, userId, type, severity, Evidence = JsonSerializer.Serialize(evidence) });
        Alerts.WithLabels(type, tenantId.ToString()).Inc();
    }
}
