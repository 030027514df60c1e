using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Scim;
using Lyss.UserGrains.Users;
using Npgsql;

namespace Lyss.UserGrains.Grains.Scim;

/// <summary>SCIM's lists over the read models (<c>tenant_members</c> with <c>users</c>), filters translated to indexed SQL.</summary>
public sealed class ScimStore(NpgsqlDataSource dataSource)
{
    public const int MaxCount = 1000;

    /// <summary>One indexed probe (the userName filter's index), not a page with its count: every SCIM create asks it.</summary>
    public async Task<bool> IsUserNameTakenAsync(Guid tenantId, string userName, Guid? except)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM tenant_members m
                           WHERE m.tenant_id = @tenantId AND lower(coalesce(m.scim_user_name, m.email)) = @userName
                             AND m.user_status NOT IN ('deleted', 'anonymized') AND m.user_id IS DISTINCT FROM @except)
            """,
            new { tenantId, userName = userName.ToLowerInvariant(), except });
    }

    public async Task<ScimUserPage> ListUsersAsync(Guid tenantId, ScimFilter? filter, int startIndex, int count)
    {
        var parameters = new DynamicParameters(new { tenantId, offset = Math.Max(startIndex, 1) - 1, count = Math.Clamp(count, 0, MaxCount) });
        var where = "m.tenant_id = @tenantId AND m.user_status NOT IN ('deleted', 'anonymized')"
            + (filter is null ? "" : " AND " + ScimUserFilterSql.Translate(filter, parameters));
        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM tenant_members m JOIN users u ON u.id = m.user_id WHERE {where}", parameters);
        var rows = count == 0 ? [] : await connection.QueryAsync<(Guid Id, string? Email, string Name, string? ExternalId, string Status, DateTime Created, DateTime Updated, Guid Home, string? UserName)>(
            $"""
            SELECT m.user_id, m.email, m.name, m.external_id, m.user_status, m.user_created_at, u.updated_at, u.tenant_id, m.scim_user_name
            FROM tenant_members m JOIN users u ON u.id = m.user_id
            WHERE {where}
            ORDER BY m.user_created_at, m.user_id
            OFFSET @offset LIMIT @count
            """,
            parameters);
        return new ScimUserPage(total, Math.Max(startIndex, 1), [.. rows.Select(r => new ScimUserRow(
            r.Id, r.Email, r.Name, r.ExternalId, Enum.Parse<UserStatus>(r.Status, ignoreCase: true), Utc(r.Created), Utc(r.Updated), r.Home == tenantId) { UserName = r.UserName })]);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
