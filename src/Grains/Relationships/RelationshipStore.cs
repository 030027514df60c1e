using Dapper;
using Lyss.UserGrains.Common;
using Npgsql;

namespace Lyss.UserGrains.Grains.Relationships;

/// <summary>The <c>user_relationships</c> read model: a pair's rows rewritten together, a user's lists read from them.</summary>
public sealed class RelationshipStore(NpgsqlDataSource dataSource, Notifications.NotificationWriter notifications)
{
    /// <summary>The pair's rows in <c>user_relationships</c>, rewritten in one transaction.</summary>
    /// <param name="friendRequest">Recipient and sender of a new friend request, who hears of it in its inbox.</param>
    public async Task SavePairAsync(
        Guid tenant, Guid low, Guid high, IReadOnlyList<(Guid From, Guid To, string Type, string Status)> rows, DateTimeOffset at, (Guid To, Guid From)? friendRequest)
    {
        // Materialized here: Dapper enumerates its parameters off the grain's scheduler.
        var parameters = rows.Select(r => new { tenant, r.From, r.To, r.Type, r.Status, At = at }).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "DELETE FROM user_relationships WHERE tenant_id = @tenant AND ((from_user_id = @low AND to_user_id = @high) OR (from_user_id = @high AND to_user_id = @low))",
            new { tenant, low, high }, tx);
        await connection.ExecuteAsync(
            "INSERT INTO user_relationships (tenant_id, from_user_id, to_user_id, relationship_type, status, created_at) VALUES (@tenant, @From, @To, @Type, @Status, @At)",
            parameters, tx);
        if (friendRequest is { } request)
        {
            await notifications.AddNoticesAsync(connection, tx, [new Notifications.Notice(
                request.To, tenant, "friend_request", "friend_request", new Dictionary<string, string?>(),
                Metadata: System.Text.Json.JsonSerializer.Serialize(new { from_user_id = request.From }))]);
        }

        await tx.CommitAsync();
    }

    /// <summary>A page of a user's followers, followed users or friends (<paramref name="kind"/>), newest first.</summary>
    public async Task<Page<Guid>> ListAsync(Guid tenantId, Guid userId, string kind, int limit, int offset)
    {
        var (where, select) = kind switch
        {
            "followers" => ("to_user_id = @userId AND relationship_type = 'follow'", "from_user_id"),
            "following" => ("from_user_id = @userId AND relationship_type = 'follow'", "to_user_id"),
            "friends" => ("from_user_id = @userId AND relationship_type = 'friend' AND status = 'accepted'", "to_user_id"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected followers, following or friends."),
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { tenantId, userId, limit, offset };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_relationships WHERE tenant_id = @tenantId AND {where}", p);
        var ids = await connection.QueryAsync<Guid>(
            $"SELECT {select} FROM user_relationships WHERE tenant_id = @tenantId AND {where} ORDER BY created_at DESC, {select} LIMIT @limit OFFSET @offset", p);
        return new Page<Guid>([.. ids], total, limit, offset);
    }
}
