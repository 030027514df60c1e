-- Read models of users and tenants, and the append-only audit trail. Grains own the truth
-- (their state in orleans_storage); these tables are written by the grains before a write
-- answers, so every read endpoint sees it, and can be rebuilt from grain state.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants
(
    id          uuid PRIMARY KEY,
    name        varchar(200) NOT NULL,
    settings    jsonb        NOT NULL DEFAULT '{}',
    created_by  varchar(200),
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);

-- One row per user: global identity and lifecycle (the seed's users table).
CREATE TABLE users
(
    id                  uuid PRIMARY KEY,
    email               varchar(254),           -- NULL once anonymized
    name                varchar(100) NOT NULL,
    phone               varchar(20),
    avatar_url          varchar(2048),
    bio                 varchar(2000),
    tenant_id           uuid         NOT NULL,  -- home tenant (where it was created)
    status              varchar(20)  NOT NULL,
    email_verified      boolean      NOT NULL DEFAULT false,
    phone_verified      boolean      NOT NULL DEFAULT false,
    last_login_at       timestamptz,
    created_by          varchar(200),
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    activated_at        timestamptz,
    activated_by        varchar(200),
    deactivated_at      timestamptz,
    deactivated_by      varchar(200),
    deactivation_reason varchar(500),
    deleted_at          timestamptz,
    deleted_by          varchar(200)
);
CREATE UNIQUE INDEX users_email_uq ON users (lower(email)) WHERE email IS NOT NULL;

-- Membership of a user in a tenant, carrying copies of the user's listable columns so that
-- a tenant's user list is one index range scan, not a join over every member.
CREATE TABLE tenant_members
(
    tenant_id       uuid         NOT NULL,
    user_id         uuid         NOT NULL,
    role            varchar(64)  NOT NULL,
    status          varchar(20)  NOT NULL DEFAULT 'active',  -- membership status
    joined_at       timestamptz  NOT NULL,
    invited_by      varchar(200),
    email           varchar(254),
    name            varchar(100) NOT NULL,
    user_status     varchar(20)  NOT NULL,
    user_created_at timestamptz  NOT NULL,
    last_login_at   timestamptz,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX tenant_members_created_idx ON tenant_members (tenant_id, user_created_at DESC, user_id);
CREATE INDEX tenant_members_status_created_idx ON tenant_members (tenant_id, user_status, user_created_at DESC, user_id);
CREATE INDEX tenant_members_name_idx ON tenant_members (tenant_id, lower(name), user_id);
CREATE INDEX tenant_members_email_idx ON tenant_members (tenant_id, lower(email), user_id);
CREATE INDEX tenant_members_login_idx ON tenant_members (tenant_id, last_login_at DESC NULLS LAST, user_id);
-- Substring search over email and name (the seed's "query").
CREATE INDEX tenant_members_search_idx ON tenant_members USING gin ((lower(coalesce(email, '') || ' ' || name)) gin_trgm_ops);
CREATE INDEX tenant_members_user_idx ON tenant_members (user_id);

CREATE TABLE user_profiles
(
    user_id          uuid PRIMARY KEY,
    display_name     varchar(100),
    bio              varchar(2000),
    location         varchar(100),
    timezone         varchar(64),
    language         varchar(16),
    tags             text[]       NOT NULL DEFAULT '{}',
    engagement_score numeric(5,2) NOT NULL DEFAULT 0,
    updated_at       timestamptz  NOT NULL
);

CREATE TABLE user_preferences
(
    user_id          uuid         NOT NULL,
    category         varchar(32)  NOT NULL,
    preference_key   varchar(100) NOT NULL,
    preference_value jsonb        NOT NULL,
    is_default       boolean      NOT NULL DEFAULT false,
    updated_at       timestamptz  NOT NULL,
    PRIMARY KEY (user_id, category, preference_key)
);

-- Append-only audit trail. PII inside it is scrubbed only through scrub_user_pii().
CREATE TABLE user_events
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     uuid,
    tenant_id   uuid,
    event_type  varchar(50)  NOT NULL,
    actor       varchar(200),
    event_data  jsonb        NOT NULL DEFAULT '{}',
    ip_address  inet,
    user_agent  varchar(500),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX user_events_user_idx ON user_events (user_id, created_at DESC);
CREATE INDEX user_events_tenant_idx ON user_events (tenant_id, created_at DESC);

REVOKE UPDATE, DELETE, TRUNCATE ON user_events FROM :"app_role";
GRANT SELECT, INSERT ON user_events TO :"app_role";

-- The one sanctioned change to audit rows: anonymization and hard delete remove personal data
-- from the events of one user (who did what survives, who they were does not). SECURITY
-- DEFINER runs it with the owner's rights; the application may only call it.
CREATE FUNCTION scrub_user_pii(p_user_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    scrubbed bigint;
BEGIN
    UPDATE user_events
       SET ip_address = NULL,
           user_agent = NULL,
           event_data = event_data - ARRAY['email', 'old_email', 'new_email', 'name', 'phone',
                                           'old_phone', 'new_phone', 'avatar_url', 'bio']
     WHERE user_id = p_user_id;
    GET DIAGNOSTICS scrubbed = ROW_COUNT;
    RETURN scrubbed;
END
$$;
REVOKE ALL ON FUNCTION scrub_user_pii(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION scrub_user_pii(uuid) TO :"app_role";
