-- Tracking protocols (Segment, PostHog): write keys, members' external ids, visitors.

-- A membership's external id: the tenant's own name for its member (REST, SCIM), matched by
-- tracking's userId. Unique per tenant; the grains enforce it first (ExternalIdGrain).
ALTER TABLE tenant_members ADD COLUMN external_id varchar(255);
CREATE UNIQUE INDEX tenant_members_external_id_idx ON tenant_members (tenant_id, external_id) WHERE external_id IS NOT NULL;

-- Secrets a tenant mints for machines: write keys (ingestion only) and SCIM tokens. Only the
-- SHA-256 of a secret is kept (secrets are 256 random bits: no salt or stretching needed); the
-- prefix lets an admin tell keys apart. A revoked secret's row is deleted. Who minted or revoked
-- one is in the tenant's trail (tenant_events), which erasure scrubs.
CREATE TABLE tenant_credentials
(
    id           uuid         PRIMARY KEY,
    tenant_id    uuid         NOT NULL,
    kind         varchar(20)  NOT NULL CHECK (kind IN ('write_key', 'scim_token')),
    name         varchar(100) NOT NULL,
    prefix       varchar(20)  NOT NULL,
    secret_hash  bytea        NOT NULL UNIQUE,
    created_at   timestamptz  NOT NULL,
    last_used_at timestamptz
);
CREATE INDEX tenant_credentials_tenant_idx ON tenant_credentials (tenant_id, kind, created_at);

-- Visitors (docs/tracking.md): activities of someone a tracking client names but who is no user
-- of the tenant are stored under a visitor id, a UUID of version 8 derived from the tenant and
-- the anonymous id. Users' ids are never version 8.
CREATE FUNCTION is_visitor(p_id uuid) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (get_byte(uuid_send(p_id), 6) >> 4) = 8 $$;

-- Which visitor became which user: written once, in the transaction that moves the history.
CREATE TABLE visitor_links
(
    visitor_id uuid        PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    linked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visitor_links_user_idx ON visitor_links (user_id);

-- Links a visitor to a user and moves its history: rows, hourly and daily rollups, idempotency
-- keys, dead letters. The first link wins; the move is idempotent (a second call finds nothing
-- left), so a replay of rows spilled before the link calls it again to move those too.
CREATE FUNCTION link_visitor(p_tenant uuid, p_visitor uuid, p_user uuid)
    RETURNS TABLE (linked_user uuid, moved bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    v_user   uuid;
    v_moved  bigint;
    v_erased text;
BEGIN
    IF NOT is_visitor(p_visitor) OR is_visitor(p_user) THEN
        RAISE EXCEPTION 'link_visitor: % is no visitor or % no user', p_visitor, p_user USING ERRCODE = '22023';
    END IF;
    INSERT INTO visitor_links (visitor_id, tenant_id, user_id) VALUES (p_visitor, p_tenant, p_user)
    ON CONFLICT (visitor_id) DO NOTHING;
    SELECT l.user_id INTO v_user FROM visitor_links l WHERE l.visitor_id = p_visitor AND l.tenant_id = p_tenant FOR UPDATE;
    IF v_user IS NULL THEN
        RAISE EXCEPTION 'link_visitor: visitor % belongs to another tenant', p_visitor USING ERRCODE = '22023';
    END IF;

    UPDATE user_activities SET user_id = v_user WHERE user_id = p_visitor AND tenant_id = p_tenant;
    GET DIAGNOSTICS v_moved = ROW_COUNT;

    INSERT INTO user_activity_hourly AS h (tenant_id, user_id, hour, activity_type, activities, tokens, cost)
    SELECT tenant_id, v_user, hour, activity_type, activities, tokens, cost
    FROM user_activity_hourly WHERE user_id = p_visitor AND tenant_id = p_tenant
    ORDER BY hour, activity_type
    ON CONFLICT (user_id, tenant_id, hour, activity_type) DO UPDATE
        SET activities = h.activities + EXCLUDED.activities, tokens = h.tokens + EXCLUDED.tokens, cost = h.cost + EXCLUDED.cost;
    DELETE FROM user_activity_hourly WHERE user_id = p_visitor AND tenant_id = p_tenant;

    INSERT INTO user_usage_daily AS u (user_id, tenant_id, day, kind, name, uses, tokens, cost, provider, responses, response_seconds)
    SELECT v_user, tenant_id, day, kind, name, uses, tokens, cost, provider, responses, response_seconds
    FROM user_usage_daily WHERE user_id = p_visitor AND tenant_id = p_tenant
    ORDER BY day, kind, name
    ON CONFLICT (user_id, tenant_id, day, kind, name) DO UPDATE
        SET uses = u.uses + EXCLUDED.uses, tokens = u.tokens + EXCLUDED.tokens, cost = u.cost + EXCLUDED.cost,
            provider = coalesce(EXCLUDED.provider, u.provider), responses = u.responses + EXCLUDED.responses,
            response_seconds = u.response_seconds + EXCLUDED.response_seconds;
    DELETE FROM user_usage_daily WHERE user_id = p_visitor AND tenant_id = p_tenant;

    -- A key both used is the user's already: the visitor's copy goes.
    DELETE FROM activity_message_ids v USING activity_message_ids u
    WHERE v.user_id = p_visitor AND u.user_id = v_user AND u.message_id = v.message_id;
    UPDATE activity_message_ids SET user_id = v_user WHERE user_id = p_visitor;
    UPDATE activity_dead_letters SET user_id = v_user WHERE user_id = p_visitor AND tenant_id = p_tenant;

    -- Rows replayed from the spill after the user was erased: a hard-deleted user gets nothing
    -- back, an anonymized user's rows are scrubbed like the rest of theirs.
    IF v_moved > 0 THEN
        SELECT e.mode INTO v_erased FROM erased_users e WHERE e.user_id = v_user;
        IF v_erased = 'hard' THEN
            DELETE FROM user_activities WHERE user_id = v_user;
            DELETE FROM user_activity_hourly WHERE user_id = v_user;
            DELETE FROM user_usage_daily WHERE user_id = v_user;
            DELETE FROM activity_message_ids WHERE user_id = v_user;
            DELETE FROM activity_dead_letters WHERE user_id = v_user;
        ELSIF v_erased = 'anonymize' THEN
            PERFORM scrub_user_pii(v_user);
        END IF;
    END IF;

    RETURN QUERY SELECT v_user, v_moved;
END
$$;
REVOKE ALL ON FUNCTION link_visitor(uuid, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION link_visitor(uuid, uuid, uuid) TO :"app_role";
