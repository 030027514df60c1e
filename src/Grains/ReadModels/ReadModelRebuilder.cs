using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Grains.Tenants;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Tenants;
using Npgsql;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>
/// Rewrites the read models (users, tenant_members, profiles, preferences, tenants) from the
/// grains' stored state, without activating a grain: for when those tables were lost or a
/// migration reshaped them. Audit rows are never rewritten.
/// </summary>
public sealed class ReadModelRebuilder(NpgsqlDataSource dataSource, UserStore users, TenantStore tenants)
{
    public async Task<(int Users, int Tenants)> RebuildAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        var rows = await LoadAsync(serviceId, cancellationToken);
        int userCount = 0, tenantCount = 0;
        foreach (var (type, id, json) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (type == UserState.StateName && JsonSerializer.Deserialize<UserState>(json) is { Exists: true } user)
            {
                await users.SaveAsync(id, user, [], syncPreferences: true);
                userCount++;
            }
            else if (type == TenantState.StateName && JsonSerializer.Deserialize<TenantState>(json) is { Exists: true } tenant)
            {
                await tenants.UpsertAsync(new TenantView
                {
                    Id = id,
                    Name = tenant.Name,
                    AutoActivateUsers = tenant.AutoActivateUsers,
                    DefaultRole = tenant.DefaultRole,
                    SeatLimit = tenant.SeatLimit,
                    AllowedEmailDomains = tenant.AllowedEmailDomains,
                    DormancyDays = tenant.DormancyDays,
                    MemberCount = tenant.MemberCount,
                    CreatedAt = tenant.CreatedAt,
                    CreatedBy = tenant.CreatedBy,
                });
                tenantCount++;
            }
        }

        return (userCount, tenantCount);
    }

    private async Task<List<(string Type, Guid Id, string Json)>> LoadAsync(string serviceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Type, long N0, long N1, byte[] Payload)>(new CommandDefinition(
            "SELECT grain_type, grain_id_n0, grain_id_n1, payload FROM orleans_storage WHERE service_id = @serviceId AND grain_type = ANY(@types) AND payload IS NOT NULL",
            new { serviceId, types = new[] { UserState.StateName, TenantState.StateName } },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.Type, ToGuid(r.N0, r.N1), System.Text.Encoding.UTF8.GetString(r.Payload)))];
    }

    /// <summary>Guid keys are stored as the two 64-bit halves of the Guid's bytes.</summary>
    private static Guid ToGuid(long n0, long n1)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, n0);
        BitConverter.TryWriteBytes(bytes[8..], n1);
        return new Guid(bytes);
    }
}
