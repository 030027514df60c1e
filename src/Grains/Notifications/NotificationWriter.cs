using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Notifications.Templates;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// Writes in-app notices and outbound messages from templates, inside the caller's transaction: the
/// one place that decides a recipient's language (their own <c>ui.language</c> when they set one,
/// else their profile's, else the tenant's, else zh-CN) and fills <c>{{tenant}}</c> with the tenant's name.
/// </summary>
public sealed class NotificationWriter(TemplateCatalog templates, IOptions<NotificationOptions> options)
{
    /// <summary>Codes and invitations one address may receive in an hour, from every source together.</summary>
    public const int MaxPerRecipientPerHour = 10;

    public Task AddNoticesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Notice> notices) =>
        WriteAsync(connection, tx, notices, []);

    public Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<OutboundMessage> messages) =>
        WriteAsync(connection, tx, [], messages);

    /// <summary>Notices and messages together: their recipients' languages are looked up in one query.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Notice> notices, IReadOnlyList<OutboundMessage> messages)
    {
        if (notices.Count + messages.Count == 0)
        {
            return;
        }

        var contexts = await ContextsAsync(connection, tx, [.. notices.Select(n => ((Guid?)n.UserId, n.TenantId)), .. messages.Select(m => (m.UserId, m.TenantId))]);
        await AddNoticesAsync(connection, tx, notices, contexts[..notices.Count]);
        await QueueAsync(connection, tx, messages, contexts[notices.Count..]);
    }

    private async Task AddNoticesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Notice> notices, List<Context> contexts)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var rows = notices.Select((n, i) =>
        {
            var text = Render(n.Template, n.Values, contexts[i]);
            return new { Id = Guid.CreateVersion7(), n.UserId, n.TenantId, n.Type, Title = text.Subject, Content = text.Body, n.Priority, n.Metadata };
        }).ToList();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_notifications (id, user_id, tenant_id, notification_type, title, content, metadata, priority, channel, sent_at)
            VALUES (@Id, @UserId, @TenantId, @Type, @Title, @Content, coalesce(@Metadata::jsonb, '{}'), @Priority, 'in_app', now())
            """,
            rows,
            tx);
    }

    private async Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<OutboundMessage> messages, List<Context> contexts)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var link = options.Value.PublicBaseUrl.ToString().TrimEnd('/');
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var values = m.LinkPath is null ? m.Values : new Dictionary<string, string?>(m.Values) { ["link"] = link + m.LinkPath };
            var text = Render(m.Template, values, contexts[i]);
            var purpose = WireName.Of(m.Purpose);
            // A new code voids the user's unsent one, a resent invitation its own (a sent code is void by the grain: its hash replaced).
            await connection.ExecuteAsync(
                """
                UPDATE outbound_messages SET status = 'superseded', subject = NULL, body = NULL, claimed_until = NULL
                WHERE status = 'queued' AND purpose = @purpose
                  AND CASE WHEN @ReferenceId::uuid IS NOT NULL THEN reference_id = @ReferenceId ELSE user_id = @UserId END
                """,
                new { purpose, m.UserId, m.ReferenceId },
                tx);
            // However the messages come (address changes, resends, invitations), an address receives at most
            // MaxPerRecipientPerHour: past it the message is recorded as skipped, without its text.
            var recent = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM outbound_messages WHERE lower(recipient) = lower(@Recipient) AND created_at > now() - interval '1 hour' AND status <> 'skipped'",
                new { m.Recipient },
                tx);
            var flooded = recent >= MaxPerRecipientPerHour;
            await connection.ExecuteAsync(
                """
                INSERT INTO outbound_messages (id, tenant_id, user_id, reference_id, purpose, channel, recipient, language, subject, body, expires_at, status, detail)
                VALUES (@Id, @TenantId, @UserId, @ReferenceId, @purpose, @Channel, @Recipient, @Language, @Subject, @Body, @ExpiresAt, @Status, @Detail)
                """,
                new
                {
                    Id = Guid.CreateVersion7(), m.TenantId, m.UserId, m.ReferenceId, purpose, m.Channel, m.Recipient,
                    text.Language, Subject = flooded ? null : text.Subject, Body = flooded ? null : text.Body, ExpiresAt = m.ExpiresAt.UtcDateTime,
                    Status = flooded ? "skipped" : "queued", Detail = flooded ? $"more than {MaxPerRecipientPerHour} messages to this address within an hour" : null,
                },
                tx);
        }
    }

    private RenderedMessage Render(string template, IReadOnlyDictionary<string, string?> values, Context context)
    {
        if (!values.ContainsKey("tenant") && TemplateDefinition.All[template].Allowed.Contains("tenant"))
        {
            values = new Dictionary<string, string?>(values) { ["tenant"] = context.TenantName };
        }

        return templates.Render(template, [context.UserLanguage, context.ProfileLanguage, context.TenantLanguage], values);
    }

    private static async Task<List<Context>> ContextsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, (Guid? User, Guid Tenant)[] recipients)
    {
        var rows = (await connection.QueryAsync<Context>(
            """
            SELECT (SELECT p.preference_value #>> '{}' FROM user_preferences p
                    WHERE p.user_id = r.user_id AND p.category = 'ui' AND p.preference_key = 'language' AND NOT p.is_default) AS UserLanguage,
                   (SELECT f.language FROM user_profiles f WHERE f.user_id = r.user_id) AS ProfileLanguage,
                   t.settings ->> 'language' AS TenantLanguage,
                   t.name AS TenantName
            FROM unnest(@users::uuid[], @tenants::uuid[]) WITH ORDINALITY AS r(user_id, tenant_id, i)
            LEFT JOIN tenants t ON t.id = r.tenant_id
            ORDER BY r.i
            """,
            new { users = recipients.Select(r => r.User).ToArray(), tenants = recipients.Select(r => r.Tenant).ToArray() },
            tx)).ToList();
        return rows;
    }

    private sealed record Context(string? UserLanguage, string? ProfileLanguage, string? TenantLanguage, string? TenantName);
}
