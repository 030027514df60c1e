-- Rollup sums wide enough that no hour can overflow: each row is bounded at the door
-- (cost <= 1e6, tokens <= 1e9), and numeric(24,6) holds 10^12 such rows. Raising a numeric's
-- precision at the same scale rewrites nothing. user_statistics reads these columns, so it is
-- dropped and created again, unchanged (its definition is 015's).
DROP VIEW user_statistics;
ALTER TABLE user_activity_hourly ALTER COLUMN cost TYPE numeric(24,6);
ALTER TABLE user_usage_daily ALTER COLUMN cost TYPE numeric(24,6);
ALTER TABLE conversation_sessions ALTER COLUMN total_cost TYPE numeric(24,6);
CREATE VIEW user_statistics AS
WITH activity AS (
    SELECT user_id, tenant_id, (hour AT TIME ZONE 'UTC')::date AS stat_date,
           sum(activities) AS total_activities,
           coalesce(sum(activities) FILTER (WHERE activity_type = 'chat_message'), 0) AS total_messages,
           sum(tokens) AS total_tokens,
           sum(cost) AS total_cost,
           count(DISTINCT hour) AS active_hours,
           count(DISTINCT activity_type) AS activity_types
    FROM user_activity_hourly GROUP BY 1, 2, 3),
sessions AS (
    SELECT user_id, tenant_id, (started_at AT TIME ZONE 'UTC')::date AS stat_date,
           count(*) AS total_sessions, sum(greatest(duration_minutes, 1)) AS active_minutes
    FROM conversation_sessions GROUP BY 1, 2, 3),
models AS (
    SELECT user_id, tenant_id, day AS stat_date, count(*) AS unique_models_used
    FROM user_usage_daily WHERE kind = 'model' GROUP BY 1, 2, 3)
SELECT a.user_id, a.tenant_id, a.stat_date, a.total_activities, a.total_messages, a.total_tokens, a.total_cost,
       a.active_hours, a.activity_types,
       coalesce(s.total_sessions, 0) AS total_sessions,
       coalesce(s.active_minutes, 0) AS active_minutes,
       coalesce(m.unique_models_used, 0) AS unique_models_used
FROM activity a
LEFT JOIN sessions s USING (user_id, tenant_id, stat_date)
LEFT JOIN models m USING (user_id, tenant_id, stat_date);
GRANT SELECT ON user_statistics TO :"app_role";

-- Activities PostgreSQL refused for their content (a data error, by SQLSTATE): set aside so the
-- rest of their batch is stored and the writer goes on. `payload` is the row as the writer held
-- it (JSON text, escapes kept), for a retry once the cause is fixed. Personal data: erased with
-- the user (anonymize and hard delete).
CREATE TABLE activity_dead_letters
(
    id            uuid        PRIMARY KEY,
    activity_id   uuid,
    tenant_id     uuid,
    user_id       uuid,
    activity_type text,
    sqlstate      text        NOT NULL,
    error         text        NOT NULL,
    payload       text        NOT NULL,
    failed_at     timestamptz NOT NULL
);
CREATE INDEX activity_dead_letters_tenant_idx ON activity_dead_letters (tenant_id, failed_at DESC);
CREATE INDEX activity_dead_letters_user_idx ON activity_dead_letters (user_id);

-- Users erased (anonymized or hard-deleted): rows of theirs still spilled in Redis when the
-- erasure ran are scrubbed or dropped as they are replayed. Holds the id only.
CREATE TABLE erased_users
(
    user_id   uuid        PRIMARY KEY,
    mode      text        NOT NULL CHECK (mode IN ('anonymize', 'hard')),
    erased_at timestamptz NOT NULL
);
