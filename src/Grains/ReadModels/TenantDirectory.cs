using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Tenants;
using Npgsql;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>The <c>tenants</c> read model.</summary>
public sealed class TenantDirectory(NpgsqlDataSource dataSource)
{
    public async Task UpsertAsync(TenantView tenant)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var settings = JsonSerializer.Serialize(new
        {
            auto_activate_users = tenant.AutoActivateUsers,
            default_role = tenant.DefaultRole,
            seat_limit = tenant.SeatLimit,
            allowed_email_domains = tenant.AllowedEmailDomains,
            dormancy_days = tenant.DormancyDays,
        });
        await connection.ExecuteAsync(
            """
            INSERT INTO tenants (id, name, settings, created_by, created_at, updated_at)
            VALUES (@Id, @Name, @Settings::jsonb, @CreatedBy, @CreatedAt, now())
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, settings = EXCLUDED.settings, updated_at = now()
            """,
            new { tenant.Id, tenant.Name, Settings = settings, tenant.CreatedBy, tenant.CreatedAt });
    }
}
