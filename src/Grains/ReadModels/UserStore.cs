using Lyss.UserGrains.Common;
using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Users;
using Npgsql;
using NpgsqlTypes;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>
/// Writes a user's read-model rows (users, tenant_members, user_profiles, user_preferences) and
/// its audit events in one transaction, so that a command's answer and every later read agree;
/// lists a tenant's members and a user's audit trail from them.
/// </summary>
public sealed class UserStore(NpgsqlDataSource dataSource, Notifications.NotificationWriter notifications)
{
    /// <param name="syncPreferences">Rewrite the preference rows too (they change rarely; every save rewriting 14 rows was most of its cost).</param>
    /// <param name="messages">Codes to send (queued with the change, so a code is never sent for a change that did not commit).</param>
    /// <param name="erasure">An anonymization: the rows over the inventory are erased in the same transaction and its steps recorded there.</param>
    public async Task SaveAsync(
        Guid userId, UserState state, IReadOnlyList<AuditEvent> events, Privacy.ErasureRequest? erasure = null, UserNotice? notice = null, bool syncPreferences = false,
        IReadOnlyList<Notifications.OutboundMessage>? messages = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // The user's rows go in one round trip (Npgsql sends the statements as one batch): a registration
        // used to make some twenty, holding its tenant's rows locked for each.
        var sql = new System.Text.StringBuilder();
        var parameters = new DynamicParameters();
        AppendUser(sql, parameters, userId, state);
        AppendMemberships(sql, parameters, state);
        AppendProfile(sql, parameters, state);
        if (syncPreferences || erasure is not null)
        {
            AppendPreferences(sql, parameters, state);
        }

        AppendEvents(sql, parameters, events);
        try
        {
            await connection.ExecuteAsync(sql.ToString(), parameters, tx);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "tenant_members_scim_user_name_key" })
        {
            // Two identity-provider creates with one userName raced past the gateway's check: the second loses.
            throw new Lyss.UserGrains.Errors.ConflictException("Another member of the tenant has this userName.") { Code = "user_name_taken" };
        }
        if (erasure is not null)
        {
            erasure.Steps.AddRange(await Privacy.ErasureStore.EraseAsync(connection, tx, userId, DeleteType.Anonymize, erasure.Email, erasure.Phone));
            await Activities.ActivityStore.MarkErasedAsync(connection, tx, userId, "anonymize");
        }

        await notifications.WriteAsync(
            connection, tx,
            notice is null ? [] : [new Notifications.Notice(userId, state.HomeTenantId, notice.Type, notice.Template, notice.Values, notice.Priority)],
            messages ?? []);
        await tx.CommitAsync();
    }

    /// <summary>The latest engagement score on the profile, and with the 30-day activity on the membership (peers).</summary>
    public async Task RecordEngagementAsync(Guid userId, Guid tenantId, decimal score, long activity30Days, DateTimeOffset at)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE user_profiles SET engagement_score = @score WHERE user_id = @userId;
            UPDATE tenant_members SET engagement_score = @score, activity_30d = @activity30Days, analyzed_at = @At
            WHERE tenant_id = @tenantId AND user_id = @userId;
            """,
            new { userId, tenantId, score, activity30Days, At = at.UtcDateTime });
    }

    /// <summary>Removes every row of the user over the inventory but its (scrubbed) audit trail; returns what was done per store.</summary>
    public async Task<List<Lyss.UserGrains.Privacy.ErasureStep>> HardDeleteAsync(Guid userId, AuditEvent finalEvent, string? email, string? phone)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var sql = new System.Text.StringBuilder();
        var parameters = new DynamicParameters(new { Id = userId });
        AppendEvents(sql, parameters, [finalEvent]);
        await connection.ExecuteAsync(sql.ToString(), parameters, tx);
        var steps = await Privacy.ErasureStore.EraseAsync(connection, tx, userId, DeleteType.Hard, email, phone);
        await Activities.ActivityStore.MarkErasedAsync(connection, tx, userId, "hard");
        await tx.CommitAsync();
        return steps;
    }

    /// <summary>A page of a tenant's members from <c>tenant_members</c>.</summary>
    public async Task<Page<UserListItem>> ListUsersAsync(Guid tenantId, UserListQuery query)
    {
        // Sort columns come from a fixed map, never from the caller's text.
        var order = query.SortBy switch
        {
            UserSortField.Name => "lower(name)",
            UserSortField.Email => "lower(email)",
            UserSortField.LastLoginAt => "last_login_at",
            _ => "user_created_at",
        };
        var direction = query.Descending ? "DESC" : "ASC";
        var nulls = query.SortBy == UserSortField.LastLoginAt ? (query.Descending ? " NULLS LAST" : " NULLS FIRST") : "";
        var where = "tenant_id = @tenantId AND user_status <> 'deleted'";
        if (query.Status is { } status)
        {
            where = "tenant_id = @tenantId AND user_status = @status";
        }

        var search = string.IsNullOrWhiteSpace(query.Query) ? null : "%" + EscapeLike(query.Query.Trim().ToLowerInvariant()) + "%";
        if (search is not null)
        {
            where += " AND lower(coalesce(email, '') || ' ' || name) LIKE @search";
        }

        var parameters = new
        {
            tenantId,
            status = query.Status is { } s ? WireName.Of(s) : null,
            search,
            limit = query.Limit,
            offset = query.Offset,
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        // Without a search the trigger-kept counts answer exactly; a search counts its matches.
        var total = search is null
            ? await connection.ExecuteScalarAsync<long>(
                "SELECT coalesce(sum(members), 0)::bigint FROM tenant_member_counts WHERE tenant_id = @tenantId AND "
                + (query.Status is null ? "user_status <> 'deleted'" : "user_status = @status"),
                parameters)
            : await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM tenant_members WHERE {where}", parameters);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT user_id AS UserId, email AS Email, name AS Name, user_status AS UserStatus, role AS Role,
                   user_created_at AS CreatedAt, joined_at AS JoinedAt, last_login_at AS LastLoginAt, invited_by AS InvitedBy
            FROM tenant_members WHERE {where}
            ORDER BY {order} {direction}{nulls}, user_id {direction}
            LIMIT @limit OFFSET @offset
            """,
            parameters);
        var items = rows.Select(r => new UserListItem(
            r.UserId, r.Email, r.Name, Enum.Parse<UserStatus>(r.UserStatus, ignoreCase: true), r.Role,
            r.CreatedAt, r.JoinedAt, r.LastLoginAt, r.InvitedBy)).ToList();
        return new Page<UserListItem>(items, total, query.Limit, query.Offset);
    }

    /// <summary>A page of a user's audit trail from <c>user_events</c>, newest first.</summary>
    public async Task<Page<UserEventView>> ListEventsAsync(Guid userId, Guid? tenantId, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var parameters = new { userId, tenantId, limit, offset };
        const string Where = "user_id = @userId AND (@tenantId::uuid IS NULL OR tenant_id = @tenantId)";
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_events WHERE {Where}", parameters);
        var rows = await connection.QueryAsync<EventRow>(
            $"""
            SELECT id AS Id, event_type AS EventType, tenant_id AS TenantId, actor AS Actor, event_data::text AS Data,
                   host(ip_address) AS IpAddress, user_agent AS UserAgent, created_at AS CreatedAt
            FROM user_events WHERE {Where}
            ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """,
            parameters);
        var items = rows.Select(r => new UserEventView(r.Id, r.EventType, r.TenantId, r.Actor, r.Data, r.IpAddress, r.UserAgent, r.CreatedAt)).ToList();
        return new Page<UserEventView>(items, total, limit, offset);
    }

    private static void AppendUser(System.Text.StringBuilder sql, DynamicParameters p, Guid userId, UserState s)
    {
        sql.Append("""

            INSERT INTO users (id, email, name, phone, avatar_url, bio, tenant_id, status, email_verified, phone_verified,
                               last_login_at, created_by, created_at, updated_at, activated_at, activated_by,
                               deactivated_at, deactivated_by, deactivation_reason, deleted_at, deleted_by)
            VALUES (@Id, @Email, @Name, @Phone, @AvatarUrl, @Bio, @TenantId, @Status, @EmailVerified, @PhoneVerified,
                    @LastLoginAt, @CreatedBy, @CreatedAt, @UpdatedAt, @ActivatedAt, @ActivatedBy,
                    @DeactivatedAt, @DeactivatedBy, @DeactivationReason, @DeletedAt, @DeletedBy)
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, name = EXCLUDED.name, phone = EXCLUDED.phone, avatar_url = EXCLUDED.avatar_url,
                bio = EXCLUDED.bio, status = EXCLUDED.status, email_verified = EXCLUDED.email_verified,
                phone_verified = EXCLUDED.phone_verified, last_login_at = EXCLUDED.last_login_at,
                updated_at = EXCLUDED.updated_at, activated_at = EXCLUDED.activated_at, activated_by = EXCLUDED.activated_by,
                deactivated_at = EXCLUDED.deactivated_at, deactivated_by = EXCLUDED.deactivated_by,
                deactivation_reason = EXCLUDED.deactivation_reason, deleted_at = EXCLUDED.deleted_at, deleted_by = EXCLUDED.deleted_by;

            """);
        p.AddDynamicParams(new
        {
            Id = userId,
            s.Email,
            s.Name,
            s.Phone,
            s.AvatarUrl,
            s.Bio,
            TenantId = s.HomeTenantId,
            Status = WireName.Of(s.Status),
            s.EmailVerified,
            s.PhoneVerified,
            s.LastLoginAt,
            s.CreatedBy,
            s.CreatedAt,
            UpdatedAt = s.UpdatedAt ?? s.CreatedAt,
            ActivatedAt = s.Activated?.At,
            ActivatedBy = s.Activated?.By,
            DeactivatedAt = s.Deactivated?.At,
            DeactivatedBy = s.Deactivated?.By,
            DeactivationReason = s.Deactivated?.Reason,
            DeletedAt = s.Deleted?.At,
            DeletedBy = s.Deleted?.By,
        });
    }

    /// <summary>Memberships the user left are deleted; the others upserted with the user's columns (uses the user's parameters).</summary>
    private static void AppendMemberships(System.Text.StringBuilder sql, DynamicParameters p, UserState s)
    {
        sql.Append("""
            DELETE FROM tenant_members WHERE user_id = @Id AND NOT (tenant_id = ANY(@MemberTenants));
            INSERT INTO tenant_members (tenant_id, user_id, role, status, joined_at, invited_by, email, name, user_status, user_created_at, last_login_at, external_id, scim_user_name)
            SELECT m.tenant_id, @Id, m.role, 'active', m.joined_at, m.invited_by, @Email, @Name, @Status, @CreatedAt, @LastLoginAt, m.external_id, m.scim_user_name
            FROM unnest(@MemberTenants, @MemberRoles::text[], @MemberJoined, @MemberInvitedBy::text[], @MemberExternalIds::text[], @MemberScimUserNames::text[])
                 AS m(tenant_id, role, joined_at, invited_by, external_id, scim_user_name)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET
                role = EXCLUDED.role, email = EXCLUDED.email, name = EXCLUDED.name, user_status = EXCLUDED.user_status,
                last_login_at = EXCLUDED.last_login_at, external_id = EXCLUDED.external_id, scim_user_name = EXCLUDED.scim_user_name;

            """);
        p.Add("MemberTenants", s.Memberships.Select(m => m.TenantId).ToArray());
        p.Add("MemberRoles", s.Memberships.Select(m => m.Role).ToArray());
        p.Add("MemberJoined", s.Memberships.Select(m => m.JoinedAt).ToArray());
        p.Add("MemberInvitedBy", s.Memberships.Select(m => m.InvitedBy).ToArray());
        p.Add("MemberExternalIds", s.Memberships.Select(m => m.ExternalId).ToArray());
        p.Add("MemberScimUserNames", s.Memberships.Select(m => m.ScimUserName).ToArray());
    }

    private static void AppendProfile(System.Text.StringBuilder sql, DynamicParameters p, UserState s)
    {
        sql.Append("""
            INSERT INTO user_profiles (user_id, display_name, bio, location, timezone, language, tags, engagement_score, updated_at)
            VALUES (@Id, @DisplayName, @Bio, @Location, @Timezone, @Language, @Tags, @EngagementScore, @ProfileUpdatedAt)
            ON CONFLICT (user_id) DO UPDATE SET
                display_name = EXCLUDED.display_name, bio = EXCLUDED.bio, location = EXCLUDED.location,
                timezone = EXCLUDED.timezone, language = EXCLUDED.language, tags = EXCLUDED.tags,
                engagement_score = EXCLUDED.engagement_score, updated_at = EXCLUDED.updated_at;

            """);
        p.AddDynamicParams(new
        {
            s.Profile.DisplayName,
            s.Profile.Location,
            s.Profile.Timezone,
            s.Profile.Language,
            Tags = s.Profile.Tags.ToArray(),
            s.Profile.EngagementScore,
            ProfileUpdatedAt = s.Profile.UpdatedAt ?? s.UpdatedAt ?? s.CreatedAt,
        });
    }

    private static void AppendPreferences(System.Text.StringBuilder sql, DynamicParameters p, UserState s)
    {
        var rows = PreferenceCatalog.WithDefaults(s.Preferences)
            .SelectMany(c => c.Value.Select(v => (Category: c.Key, Key: v.Key, Json: v.Value,
                IsDefault: !(s.Preferences.TryGetValue(c.Key, out var stored) && stored.ContainsKey(v.Key)))))
            .ToList();
        sql.Append("""
            DELETE FROM user_preferences WHERE user_id = @Id;
            INSERT INTO user_preferences (user_id, category, preference_key, preference_value, is_default, updated_at)
            SELECT @Id, r.category, r.preference_key, r.preference_value::jsonb, r.is_default, @PreferencesAt
            FROM unnest(@PreferenceCategories::text[], @PreferenceKeys::text[], @PreferenceValues::text[], @PreferenceDefaults) AS r(category, preference_key, preference_value, is_default);

            """);
        p.Add("PreferenceCategories", rows.Select(r => r.Category).ToArray());
        p.Add("PreferenceKeys", rows.Select(r => r.Key).ToArray());
        p.Add("PreferenceValues", rows.Select(r => r.Json).ToArray());
        p.Add("PreferenceDefaults", rows.Select(r => r.IsDefault).ToArray());
        p.Add("PreferencesAt", s.UpdatedAt ?? s.CreatedAt);
    }

    /// <summary>An address as PostgreSQL's inet reads it: an IPv6 zone (<c>fe80::1%2</c>) is no part of one.</summary>
    private static string? InetText(string? address)
    {
        if (!System.Net.IPAddress.TryParse(address, out var ip))
        {
            return null;
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            ip.ScopeId = 0;
        }

        return ip.ToString();
    }

    /// <summary>The trail's new entries, in order (one statement; ids follow the list).</summary>
    private static void AppendEvents(System.Text.StringBuilder sql, DynamicParameters p, IReadOnlyList<AuditEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        sql.Append("""
            INSERT INTO user_events (user_id, tenant_id, event_type, actor, event_data, ip_address, user_agent)
            SELECT @Id, e.tenant_id, e.event_type, e.actor, e.event_data::jsonb, e.ip_address::inet, e.user_agent
            FROM unnest(@EventTenants, @EventTypes::text[], @EventActors::text[], @EventData::text[], @EventAddresses::text[], @EventAgents::text[])
                 WITH ORDINALITY AS e(tenant_id, event_type, actor, event_data, ip_address, user_agent, n)
            ORDER BY e.n;

            """);
        p.Add("EventTenants", events.Select(e => e.TenantId).ToArray());
        p.Add("EventTypes", events.Select(e => e.EventType).ToArray());
        p.Add("EventActors", events.Select(e => e.Actor).ToArray());
        p.Add("EventData", events.Select(e => JsonSerializer.Serialize(e.Data)).ToArray());
        p.Add("EventAddresses", events.Select(e => InetText(e.IpAddress)).ToArray());
        p.Add("EventAgents", events.Select(e => Clip(e.UserAgent, 500)).ToArray());
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private sealed record Row(Guid UserId, string? Email, string Name, string UserStatus, string Role, DateTime CreatedAt, DateTime JoinedAt, DateTime? LastLoginAt, string? InvitedBy);

    private sealed record EventRow(long Id, string EventType, Guid? TenantId, string? Actor, string Data, string? IpAddress, string? UserAgent, DateTime CreatedAt);
}
