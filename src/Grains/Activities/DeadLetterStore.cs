using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Common;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Activities PostgreSQL refused for their content, kept aside with the error so the rest of their
/// batch is stored and the writer goes on; listed, retried and deleted by a tenant's admins.
/// </summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    /// <summary>The error text is bounded: a message may quote the offending value at length.</summary>
    private const int MaxError = 1000;

    public async Task AddAsync(ActivityRecord row, Exception error, CancellationToken cancellationToken) =>
        await InsertAsync(row.Id, row.TenantId, row.UserId, row.ActivityType, WriteFaults.Code(error), error.Message, JsonSerializer.Serialize(row), cancellationToken);

    /// <summary>A spilled value that is not a row at all (it cannot be read back).</summary>
    public async Task AddUnreadableAsync(string payload, Exception error, CancellationToken cancellationToken) =>
        await InsertAsync(null, null, null, null, WriteFaults.Code(error), error.Message, payload, cancellationToken);

    private async Task InsertAsync(Guid? activityId, Guid? tenantId, Guid? userId, string? type, string sqlState, string error, string payload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO activity_dead_letters (id, activity_id, tenant_id, user_id, activity_type, sqlstate, error, payload, failed_at)
            VALUES (@id, @activityId, @tenantId, @userId, @type, @sqlState, @error, @payload, now())
            """,
            // The payload is JSON text with escapes, so even a NUL is stored as the six characters \u0000.
            new { id = Guid.CreateVersion7(), activityId, tenantId, userId, type = Clean(type), sqlState = Clean(sqlState), error = Clean(Bound(error)), payload = Clean(payload) },
            cancellationToken: cancellationToken));
    }

    public async Task<(IReadOnlyList<DeadLetter> Items, long Total)> ListAsync(Guid tenantId, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM activity_dead_letters WHERE tenant_id = @tenantId", new { tenantId });
        var rows = await connection.QueryAsync<DeadLetter>(
            """
            SELECT id AS Id, activity_id AS ActivityId, tenant_id AS TenantId, user_id AS UserId, activity_type AS ActivityType,
                   sqlstate AS SqlState, error AS Error, failed_at AS FailedAt
            FROM activity_dead_letters WHERE tenant_id = @tenantId
            ORDER BY failed_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, new { tenantId, limit, offset });
        return ([.. rows], total);
    }

    /// <summary>The row of a tenant's dead letter, or null when there is none (or it is another tenant's).</summary>
    public async Task<ActivityRecord?> GetRowAsync(Guid tenantId, Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var payload = await connection.ExecuteScalarAsync<string?>(
            "SELECT payload FROM activity_dead_letters WHERE id = @id AND tenant_id = @tenantId", new { id, tenantId });
        return payload is null ? null : JsonSerializer.Deserialize<ActivityRecord>(payload);
    }

    public async Task RecordRetryFailedAsync(Guid id, Exception error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE activity_dead_letters SET sqlstate = @sqlState, error = @error, failed_at = now() WHERE id = @id",
            new { id, sqlState = WriteFaults.Code(error), error = Clean(Bound(error.Message)) });
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync("DELETE FROM activity_dead_letters WHERE id = @id AND tenant_id = @tenantId", new { id, tenantId }) > 0;
    }

    private static string Bound(string text) => text.Length > MaxError ? PlainText.Cut(text, MaxError) : text;

    private static string? Clean(string? text) => text is null ? null : PlainText.Repair(text);
}
