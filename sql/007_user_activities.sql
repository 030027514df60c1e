-- Raw activities (the hot path's destination), their idempotency keys, and an hourly rollup
-- that summaries and statistics read instead of raw rows.
--
-- Partitioned by month of received_at (server time, so a client's clock cannot scatter rows).
-- The activity id (UUIDv7) plus received_at is the primary key: a replayed row is a conflict,
-- never a second row. One secondary index only, for a user's rows newest first: each
-- secondary index costs ingest speed (docs/architecture.md).
CREATE TABLE user_activities
(
    id            uuid         NOT NULL,
    user_id       uuid         NOT NULL,
    tenant_id     uuid         NOT NULL,
    activity_type varchar(50)  NOT NULL,
    resource_type varchar(50),
    resource_id   varchar(255),
    details       jsonb,
    ip_address    inet,
    user_agent    varchar(500),
    session_id    varchar(255),
    message_id    varchar(200),
    occurred_at   timestamptz  NOT NULL,
    received_at   timestamptz  NOT NULL,
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX user_activities_user_idx ON user_activities (user_id, received_at DESC);

-- Rows outside every monthly partition land here instead of failing the batch.
CREATE TABLE user_activities_default PARTITION OF user_activities DEFAULT;

-- Creates the monthly partitions from p_from's month through p_months_ahead months later.
CREATE FUNCTION ensure_activity_partitions(p_from timestamptz, p_months_ahead int) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    month_start date := date_trunc('month', p_from AT TIME ZONE 'UTC')::date;
    created int := 0;
    name text;
BEGIN
    FOR i IN 0 .. p_months_ahead LOOP
        name := format('user_activities_%s', to_char(month_start + make_interval(months => i), 'YYYYMM'));
        IF to_regclass(name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF user_activities FOR VALUES FROM (%L) TO (%L)',
                name,
                (month_start + make_interval(months => i))::timestamp AT TIME ZONE 'UTC',
                (month_start + make_interval(months => i + 1))::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END
$$;

-- Retention: drops whole monthly partitions that ended before p_before.
CREATE FUNCTION drop_activity_partitions(p_before timestamptz) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    part record;
    dropped int := 0;
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'user_activities'::regclass AND c.relname ~ '^user_activities_[0-9]{6}$'
    LOOP
        IF (to_date(right(part.relname, 6), 'YYYYMM') + interval '1 month') <= (p_before AT TIME ZONE 'UTC') THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$$;
REVOKE ALL ON FUNCTION ensure_activity_partitions(timestamptz, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION drop_activity_partitions(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_activity_partitions(timestamptz, int) TO :"app_role";
GRANT EXECUTE ON FUNCTION drop_activity_partitions(timestamptz) TO :"app_role";
SELECT ensure_activity_partitions(now() - interval '1 month', 3);

-- Idempotency keys of the last days: (user, message_id) seen once, whatever path a row took.
CREATE TABLE activity_message_ids
(
    user_id     uuid         NOT NULL,
    message_id  varchar(200) NOT NULL,
    activity_id uuid         NOT NULL,
    received_at timestamptz  NOT NULL,
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX activity_message_ids_age_idx ON activity_message_ids (received_at);

-- Hourly counts per user, tenant and type, kept by the writer in the transaction that
-- inserts the rows. Daily figures are sums of hours.
CREATE TABLE user_activity_hourly
(
    tenant_id     uuid          NOT NULL,
    user_id       uuid          NOT NULL,
    hour          timestamptz   NOT NULL,
    activity_type varchar(50)   NOT NULL,
    activities    bigint        NOT NULL,
    tokens        bigint        NOT NULL DEFAULT 0,
    cost          numeric(14,6) NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, tenant_id, hour, activity_type)
);
CREATE INDEX user_activity_hourly_tenant_idx ON user_activity_hourly (tenant_id, hour);

-- Anonymization and hard delete also remove the IP and user agent of past activities.
CREATE OR REPLACE FUNCTION scrub_user_pii(p_user_id uuid) RETURNS bigint
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
    UPDATE user_activities SET ip_address = NULL, user_agent = NULL
     WHERE user_id = p_user_id AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    RETURN scrubbed;
END
$$;
