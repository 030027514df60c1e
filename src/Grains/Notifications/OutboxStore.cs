using Dapper;
using Lyss.UserGrains.Common;
using Npgsql;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>The <c>outbound_messages</c> queue as the sender works it: claim due rows, record outcomes, clear secrets.</summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>Clears the text of queued rows past their expiry (their code is void anyway); returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbound_messages SET status = 'expired', subject = NULL, body = NULL
            WHERE status = 'queued' AND expires_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
            """, cancellationToken: cancellationToken));
    }

    /// <summary>Claims up to <paramref name="batch"/> due rows for <paramref name="lease"/> (FOR UPDATE SKIP LOCKED: every silo may send, none sends a row twice).</summary>
    /// <param name="channels">The channels this silo can send on: rows of others are left to silos that can.</param>
    public async Task<IReadOnlyList<QueuedMessage>> ClaimAsync(int batch, TimeSpan lease, IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<QueuedMessage>(new CommandDefinition(
            """
            SELECT id AS Id, user_id AS UserId, purpose AS Purpose, channel AS Channel, recipient AS Recipient,
                   coalesce(subject, '') AS Subject, coalesce(body, '') AS Body, attempts + 1 AS Attempt
            FROM outbound_messages
            WHERE status = 'queued' AND channel = ANY(@channels) AND expires_at > now() AND (next_attempt_at IS NULL OR next_attempt_at <= now())
              AND (claimed_until IS NULL OR claimed_until < now())
            ORDER BY created_at
            LIMIT @batch FOR UPDATE SKIP LOCKED
            """, new { batch, channels = channels.ToArray() }, tx, cancellationToken: cancellationToken))).ToList();
        if (due.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbound_messages SET claimed_until = now() + @lease, attempts = attempts + 1 WHERE id = ANY(@ids)",
                new { lease, ids = due.Select(d => d.Id).ToArray() }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return due;
    }

    /// <summary>
    /// The outcome of one send: <c>sent</c>, <c>skipped</c> or <c>dead</c> end the row and clear its text;
    /// <c>queued</c> with <paramref name="retryAfter"/> tries again later.
    /// </summary>
    public async Task RecordAsync(Guid id, string status, string? detail, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbound_messages
               SET status = @status, detail = left(@detail, 500), claimed_until = NULL,
                   next_attempt_at = CASE WHEN @status = 'queued' THEN now() + @retryAfter END,
                   sent_at = CASE WHEN @status = 'sent' THEN now() END,
                   subject = CASE WHEN @status = 'queued' THEN subject END,
                   body = CASE WHEN @status = 'queued' THEN body END
             WHERE id = @id AND status = 'queued'
            """, new { id, status, detail, retryAfter = retryAfter ?? TimeSpan.Zero }, cancellationToken: cancellationToken));
    }
}
