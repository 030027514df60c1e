using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Relationships;
using Npgsql;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Relationships;

[StatelessWorker]
public sealed class RelationshipQueryGrain(NpgsqlDataSource dataSource) : Grain, IRelationshipQueryGrain
{
    public async Task<Page<Guid>> ListAsync(Guid tenantId, Guid userId, string kind, int limit, int offset)
    {
        var (where, select) = kind switch
        {
            "followers" => ("to_user_id = @userId AND relationship_type = 'follow'", "from_user_id"),
            "following" => ("from_user_id = @userId AND relationship_type = 'follow'", "to_user_id"),
            "friends" => ("from_user_id = @userId AND relationship_type = 'friend' AND status = 'accepted'", "to_user_id"),
            _ => throw new ValidationException("kind", "Expected followers, following or friends."),
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { tenantId, userId, limit, offset };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_relationships WHERE tenant_id = @tenantId AND {where}", p);
        var ids = await connection.QueryAsync<Guid>(
            $"SELECT {select} FROM user_relationships WHERE tenant_id = @tenantId AND {where} ORDER BY created_at DESC, {select} LIMIT @limit OFFSET @offset", p);
        return new Page<Guid>([.. ids], total, limit, offset);
    }
}
