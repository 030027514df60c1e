using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Conversations;

/// <summary>Writes and reloads <c>conversation_sessions</c> rows for user grains.</summary>
public sealed class ConversationStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(Guid userId, IReadOnlyList<ConversationSession> sessions, DateTimeOffset now)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        // Materialized here, on the grain's turn: Dapper enumerates parameters later.
        var rows = sessions.Select(s => new
        {
            s.Id,
            UserId = userId,
            s.TenantId,
            s.ClientSessionId,
            s.Title,
            s.Topic,
            s.MessageCount,
            s.ModelCalls,
            s.DurationMinutes,
            s.ModelUsed,
            s.TotalTokens,
            s.TotalCost,
            StartedAt = s.StartedAt.UtcDateTime,
            LastActivityAt = s.LastActivityAt.UtcDateTime,
            EndedAt = s.EndedAt?.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        }).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO conversation_sessions (id, user_id, tenant_id, client_session_id, title, topic, message_count, model_calls, duration_minutes,
                                               model_used, total_tokens, total_cost, started_at, last_activity_at, ended_at, updated_at)
            VALUES (@Id, @UserId, @TenantId, @ClientSessionId, @Title, @Topic, @MessageCount, @ModelCalls, @DurationMinutes,
                    @ModelUsed, @TotalTokens, @TotalCost, @StartedAt, @LastActivityAt, @EndedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                title = EXCLUDED.title, topic = EXCLUDED.topic, message_count = EXCLUDED.message_count,
                model_calls = EXCLUDED.model_calls, duration_minutes = EXCLUDED.duration_minutes,
                model_used = EXCLUDED.model_used, total_tokens = EXCLUDED.total_tokens, total_cost = EXCLUDED.total_cost,
                started_at = EXCLUDED.started_at, last_activity_at = EXCLUDED.last_activity_at,
                ended_at = EXCLUDED.ended_at, updated_at = EXCLUDED.updated_at
            """,
            rows);
        foreach (var session in sessions)
        {
            session.SavedAt = now;
            session.Dirty = false;
        }
    }

    /// <summary>The user's sessions that have not ended, the newest per tenant and client session id (resumed after an activation).</summary>
    public async Task<List<ConversationSession>> LoadOpenAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<OpenRow>(
            """
            SELECT * FROM (
                SELECT DISTINCT ON (tenant_id, client_session_id)
                       id AS Id, tenant_id AS TenantId, client_session_id AS ClientSessionId, title AS Title, topic AS Topic,
                       message_count AS MessageCount, model_calls AS ModelCalls, model_used AS ModelUsed, total_tokens AS TotalTokens,
                       total_cost AS TotalCost, started_at AS StartedAt, last_activity_at AS LastActivityAt
                FROM conversation_sessions WHERE user_id = @userId AND ended_at IS NULL
                ORDER BY tenant_id, client_session_id, started_at DESC) o
            ORDER BY LastActivityAt DESC LIMIT 100
            """,
            new { userId });
        var sessions = new List<ConversationSession>();
        foreach (var row in rows)
        {
            var session = new ConversationSession
            {
                Id = row.Id,
                TenantId = row.TenantId,
                ClientSessionId = row.ClientSessionId,
                Title = row.Title,
                Topic = row.Topic,
                MessageCount = row.MessageCount,
                ModelCalls = row.ModelCalls,
                TotalTokens = row.TotalTokens,
                TotalCost = row.TotalCost,
                StartedAt = new DateTimeOffset(row.StartedAt, TimeSpan.Zero),
                LastActivityAt = new DateTimeOffset(row.LastActivityAt, TimeSpan.Zero),
                SavedAt = new DateTimeOffset(row.LastActivityAt, TimeSpan.Zero),
            };
            if (row.ModelUsed is not null)
            {
                // Only the favourite survives a reload; its weight keeps it the favourite.
                session.Models[row.ModelUsed] = Math.Max(row.ModelCalls, 1);
            }

            sessions.Add(session);
        }

        return sessions;
    }

    private sealed record OpenRow(
        Guid Id, Guid TenantId, string? ClientSessionId, string? Title, string? Topic, int MessageCount, int ModelCalls, string? ModelUsed,
        long TotalTokens, decimal TotalCost, DateTime StartedAt, DateTime LastActivityAt);
}
