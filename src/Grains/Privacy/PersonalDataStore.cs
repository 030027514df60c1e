using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>
/// Everything stored about a user but the activity rows (streamed apart), as one JSON document built by
/// PostgreSQL: for a data-access or portability request (GDPR Art. 15 and 20). With a tenant, only
/// that tenant's rows, and of the identity only what that tenant sees unless it is the home tenant.
/// </summary>
public sealed class PersonalDataStore(NpgsqlDataSource dataSource)
{
    public async Task<string?> ExportAsync(Guid userId, Guid? tenantId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>(
            """
            WITH u AS (SELECT * FROM users WHERE id = @userId),
                 scope AS (SELECT @tenantId::uuid AS tenant, (@tenantId::uuid IS NULL OR @tenantId = (SELECT tenant_id FROM u)) AS home)
            SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM u) THEN NULL ELSE jsonb_build_object(
                'exported_at', now(),
                'tenant_id', (SELECT tenant FROM scope),
                'identity', (SELECT CASE WHEN (SELECT home FROM scope) THEN to_jsonb(u) - 'tenant_id' || jsonb_build_object('home_tenant_id', u.tenant_id)
                                         ELSE jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'avatar_url', u.avatar_url, 'status', u.status) END FROM u),
                'profile', CASE WHEN (SELECT home FROM scope) THEN (SELECT to_jsonb(p) - 'user_id' FROM user_profiles p WHERE p.user_id = @userId) END,
                'preferences', CASE WHEN (SELECT home FROM scope) THEN coalesce((SELECT jsonb_agg(jsonb_build_object('category', category, 'key', preference_key, 'value', preference_value, 'is_default', is_default) ORDER BY category, preference_key)
                                        FROM user_preferences WHERE user_id = @userId), '[]') END,
                'memberships', coalesce((SELECT jsonb_agg(to_jsonb(m) - 'user_id' - 'email' - 'name' ORDER BY joined_at) FROM tenant_members m
                                         WHERE m.user_id = @userId AND (@tenantId::uuid IS NULL OR m.tenant_id = @tenantId)), '[]'),
                -- Where someone else acted (an admin), their address and agent are theirs, not the user's.
                'events', coalesce((SELECT jsonb_agg(CASE WHEN e.actor = @userId::text THEN to_jsonb(e) - 'user_id'
                                                          ELSE to_jsonb(e) - 'user_id' - 'ip_address' - 'user_agent' END ORDER BY created_at, id) FROM user_events e
                                    WHERE e.user_id = @userId AND (@tenantId::uuid IS NULL OR e.tenant_id = @tenantId)), '[]'),
                'sessions', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'user_id' ORDER BY started_at) FROM conversation_sessions s
                                      WHERE s.user_id = @userId AND (@tenantId::uuid IS NULL OR s.tenant_id = @tenantId)), '[]'),
                'usage', coalesce((SELECT jsonb_agg(to_jsonb(d) - 'user_id' ORDER BY day, kind, name) FROM user_usage_daily d
                                   WHERE d.user_id = @userId AND (@tenantId::uuid IS NULL OR d.tenant_id = @tenantId)), '[]'),
                'alerts', coalesce((SELECT jsonb_agg(to_jsonb(a) - 'user_id' ORDER BY created_at) FROM security_alerts a
                                    WHERE a.user_id = @userId AND (@tenantId::uuid IS NULL OR a.tenant_id = @tenantId)), '[]'),
                'notifications', coalesce((SELECT jsonb_agg(to_jsonb(n) - 'user_id' - 'claimed_until' - 'next_attempt_at' ORDER BY created_at) FROM user_notifications n
                                           WHERE n.user_id = @userId AND (@tenantId::uuid IS NULL OR n.tenant_id = @tenantId)), '[]'),
                'messages', coalesce((SELECT jsonb_agg(jsonb_build_object('id', o.id, 'tenant_id', o.tenant_id, 'purpose', o.purpose, 'channel', o.channel,
                                                        'recipient', o.recipient, 'language', o.language, 'status', o.status, 'created_at', o.created_at,
                                                        'sent_at', o.sent_at) ORDER BY o.created_at)
                                      FROM outbound_messages o WHERE o.user_id = @userId AND (@tenantId::uuid IS NULL OR o.tenant_id = @tenantId)), '[]'),
                'relationships', coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY created_at) FROM user_relationships r
                                           WHERE (r.from_user_id = @userId OR r.to_user_id = @userId) AND (@tenantId::uuid IS NULL OR r.tenant_id = @tenantId)), '[]'),
                'teams', coalesce((SELECT jsonb_agg(jsonb_build_object('team_id', t.id, 'tenant_id', t.tenant_id, 'name', t.name, 'role', m.role, 'joined_at', m.joined_at) ORDER BY m.joined_at)
                                   FROM team_members m JOIN teams t ON t.id = m.team_id
                                   WHERE m.user_id = @userId AND (@tenantId::uuid IS NULL OR m.tenant_id = @tenantId)), '[]'),
                'shares', coalesce((SELECT jsonb_agg(to_jsonb(s) ORDER BY created_at) FROM user_shares s
                                    WHERE (s.from_user_id = @userId OR s.to_user_id = @userId) AND (@tenantId::uuid IS NULL OR s.tenant_id = @tenantId)), '[]'),
                'feedback', coalesce((SELECT jsonb_agg(to_jsonb(f) - 'user_id' ORDER BY created_at) FROM user_feedback f
                                      WHERE f.user_id = @userId AND (@tenantId::uuid IS NULL OR f.tenant_id = @tenantId)), '[]'),
                'invitations', coalesce((SELECT jsonb_agg(to_jsonb(i) - 'invitation_code' ORDER BY created_at) FROM user_invitations i
                                         WHERE (i.accepted_user_id = @userId OR lower(i.invitee_email) = lower((SELECT email FROM u)))
                                           AND (@tenantId::uuid IS NULL OR i.tenant_id = @tenantId)), '[]')
            )::text END
            """,
            new { userId, tenantId });
    }

    /// <summary>The tenants whose activity rows belong to the export (all the user's, or the one asked).</summary>
    public async Task<IReadOnlyList<Guid>> ActivityTenantsAsync(Guid userId, Guid? tenantId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<Guid>(
            "SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = @userId AND (@tenantId::uuid IS NULL OR tenant_id = @tenantId) ORDER BY 1",
            new { userId, tenantId })];
    }
}
