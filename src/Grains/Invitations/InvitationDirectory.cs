using Lyss.UserGrains.Common;
using Dapper;
using Lyss.UserGrains.Invitations;
using Npgsql;

namespace Lyss.UserGrains.Grains.Invitations;

/// <summary>The <c>user_invitations</c> read model.</summary>
public sealed class InvitationDirectory(NpgsqlDataSource dataSource)
{
    public async Task UpsertAsync(InvitationView v)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_invitations (id, invitation_code, tenant_id, inviter_id, invitee_email, role, status, expires_at,
                                          accepted_at, accepted_user_id, created_at, updated_at)
            VALUES (@Id, @Code, @TenantId, @InvitedBy, @InviteeEmail, @Role, @Status, @ExpiresAt, @AcceptedAt, @AcceptedUserId, @CreatedAt, now())
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, expires_at = EXCLUDED.expires_at,
                accepted_at = EXCLUDED.accepted_at, accepted_user_id = EXCLUDED.accepted_user_id, updated_at = now()
            """,
            new { v.Id, v.Code, v.TenantId, v.InvitedBy, v.InviteeEmail, v.Role, Status = WireName.Of(v.Status), v.ExpiresAt, v.AcceptedAt, v.AcceptedUserId, v.CreatedAt });
    }
}
