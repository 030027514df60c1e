using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Visitors;

/// <summary>Which visitors became which users (<c>visitor_links</c>), and the move of a visitor's history (<c>link_visitor</c>).</summary>
public sealed class VisitorStore(NpgsqlDataSource dataSource)
{
    public async Task<Guid?> LinkedUserAsync(Guid visitorId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid?>("SELECT user_id FROM visitor_links WHERE visitor_id = @visitorId", new { visitorId });
    }

    /// <summary>
    /// Links the visitor to the user and moves its rows, rollups and keys in one transaction; a visitor
    /// linked before keeps its user (returned) and nothing moves twice.
    /// </summary>
    public async Task<(Guid UserId, long Moved)> LinkAsync(Guid tenantId, Guid visitorId, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid, long)>(
            "SELECT linked_user, moved FROM link_visitor(@tenantId, @visitorId, @userId)", new { tenantId, visitorId, userId });
    }
}
