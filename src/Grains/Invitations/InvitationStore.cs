using Lyss.UserGrains.Common;
using Dapper;
using Lyss.UserGrains.Invitations;
using Npgsql;

namespace Lyss.UserGrains.Grains.Invitations;

/// <summary>The <c>user_invitations</c> read model: written by each invitation, listed per tenant.</summary>
public sealed class InvitationStore(NpgsqlDataSource dataSource, Notifications.NotificationWriter notifications)
{
    /// <summary>The read-model row, with the invitation's email and the invitee's in-app notice when it is (re)sent, in one transaction.</summary>
    public async Task UpsertAsync(InvitationView v, Notifications.OutboundMessage? email = null, Notifications.Notice? notice = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_invitations (id, invitation_code, tenant_id, inviter_id, invitee_email, role, status, expires_at,
                                          accepted_at, accepted_user_id, created_at, updated_at)
            VALUES (@Id, @Code, @TenantId, @InvitedBy, @InviteeEmail, @Role, @Status, @ExpiresAt, @AcceptedAt, @AcceptedUserId, @CreatedAt, now())
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, expires_at = EXCLUDED.expires_at,
                accepted_at = EXCLUDED.accepted_at, accepted_user_id = EXCLUDED.accepted_user_id, updated_at = now()
            """,
            new { v.Id, v.Code, v.TenantId, v.InvitedBy, v.InviteeEmail, v.Role, Status = WireName.Of(v.Status), v.ExpiresAt, v.AcceptedAt, v.AcceptedUserId, v.CreatedAt },
            tx);
        if (email is not null)
        {
            await notifications.QueueAsync(connection, tx, [email]);
        }

        if (notice is not null)
        {
            await notifications.AddNoticesAsync(connection, tx, [notice]);
        }

        await tx.CommitAsync();
    }

    public async Task<Page<InvitationView>> ListAsync(Guid tenantId, InvitationListQuery query)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { tenantId, status = query.Status is { } status ? WireName.Of(status) : null, inviter = query.InvitedBy, limit = query.Limit, offset = query.Offset };
        const string Where = "tenant_id = @tenantId AND (@status::text IS NULL OR status = @status) AND (@inviter::text IS NULL OR inviter_id = @inviter)";
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_invitations WHERE {Where}", p);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT id AS Id, invitation_code AS Code, tenant_id AS TenantId, inviter_id AS InvitedBy, invitee_email AS InviteeEmail,
                   role AS Role, status AS Status, expires_at AS ExpiresAt, accepted_at AS AcceptedAt,
                   accepted_user_id AS AcceptedUserId, created_at AS CreatedAt
            FROM user_invitations WHERE {Where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset
            """, p);
        var items = rows.Select(r => new InvitationView
        {
            Id = r.Id,
            Code = r.Code,
            TenantId = r.TenantId,
            InvitedBy = r.InvitedBy,
            InviteeEmail = r.InviteeEmail,
            Role = r.Role,
            Status = Enum.Parse<InvitationStatus>(r.Status, ignoreCase: true),
            ExpiresAt = new DateTimeOffset(r.ExpiresAt, TimeSpan.Zero),
            AcceptedAt = r.AcceptedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            AcceptedUserId = r.AcceptedUserId,
            CreatedAt = new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
        }).ToList();
        return new Page<InvitationView>(items, total, query.Limit, query.Offset);
    }

    private sealed record Row(Guid Id, string Code, Guid TenantId, string InvitedBy, string InviteeEmail, string Role, string Status,
        DateTime ExpiresAt, DateTime? AcceptedAt, Guid? AcceptedUserId, DateTime CreatedAt);
}
