using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Users;
using Npgsql;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>Reads of the read models; a stateless worker so every silo answers locally.</summary>
[StatelessWorker]
public sealed class UserQueryGrain(NpgsqlDataSource dataSource) : Grain, IUserQueryGrain
{
    public async Task<Page<UserListItem>> ListUsersAsync(Guid tenantId, UserListQuery query)
    {
        // Sort columns come from a fixed map, never from the caller's text.
        var order = query.SortBy switch
        {
            UserSortField.Name => "lower(name)",
            UserSortField.Email => "lower(email)",
            UserSortField.LastLoginAt => "last_login_at",
            _ => "user_created_at",
        };
        var direction = query.Descending ? "DESC" : "ASC";
        var nulls = query.SortBy == UserSortField.LastLoginAt ? (query.Descending ? " NULLS LAST" : " NULLS FIRST") : "";
        var where = "tenant_id = @tenantId AND user_status <> 'deleted'";
        if (query.Status is { } status)
        {
            where = "tenant_id = @tenantId AND user_status = @status";
        }

        var search = string.IsNullOrWhiteSpace(query.Query) ? null : "%" + EscapeLike(query.Query.Trim().ToLowerInvariant()) + "%";
        if (search is not null)
        {
            where += " AND lower(coalesce(email, '') || ' ' || name) LIKE @search";
        }

        var parameters = new
        {
            tenantId,
            status = query.Status is { } s ? WireName.Of(s) : null,
            search,
            limit = query.Limit,
            offset = query.Offset,
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        // Without a search the trigger-kept counts answer exactly; a search counts its matches.
        var total = search is null
            ? await connection.ExecuteScalarAsync<long>(
                "SELECT coalesce(sum(members), 0)::bigint FROM tenant_member_counts WHERE tenant_id = @tenantId AND "
                + (query.Status is null ? "user_status <> 'deleted'" : "user_status = @status"),
                parameters)
            : await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM tenant_members WHERE {where}", parameters);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT user_id AS UserId, email AS Email, name AS Name, user_status AS UserStatus, role AS Role,
                   user_created_at AS CreatedAt, joined_at AS JoinedAt, last_login_at AS LastLoginAt, invited_by AS InvitedBy
            FROM tenant_members WHERE {where}
            ORDER BY {order} {direction}{nulls}, user_id {direction}
            LIMIT @limit OFFSET @offset
            """,
            parameters);
        var items = rows.Select(r => new UserListItem(
            r.UserId, r.Email, r.Name, Enum.Parse<UserStatus>(r.UserStatus, ignoreCase: true), r.Role,
            r.CreatedAt, r.JoinedAt, r.LastLoginAt, r.InvitedBy)).ToList();
        return new Page<UserListItem>(items, total, query.Limit, query.Offset);
    }

    public async Task<Page<UserEventView>> ListEventsAsync(Guid userId, Guid? tenantId, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var parameters = new { userId, tenantId, limit, offset };
        const string Where = "user_id = @userId AND (@tenantId::uuid IS NULL OR tenant_id = @tenantId)";
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_events WHERE {Where}", parameters);
        var rows = await connection.QueryAsync<EventRow>(
            $"""
            SELECT id AS Id, event_type AS EventType, tenant_id AS TenantId, actor AS Actor, event_data::text AS Data,
                   host(ip_address) AS IpAddress, user_agent AS UserAgent, created_at AS CreatedAt
            FROM user_events WHERE {Where}
            ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """,
            parameters);
        var items = rows.Select(r => new UserEventView(r.Id, r.EventType, r.TenantId, r.Actor, r.Data, r.IpAddress, r.UserAgent, r.CreatedAt)).ToList();
        return new Page<UserEventView>(items, total, limit, offset);
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private sealed record Row(Guid UserId, string? Email, string Name, string UserStatus, string Role, DateTime CreatedAt, DateTime JoinedAt, DateTime? LastLoginAt, string? InvitedBy);

    private sealed record EventRow(long Id, string EventType, Guid? TenantId, string? Actor, string Data, string? IpAddress, string? UserAgent, DateTime CreatedAt);
}
