-- Behaviour analytics: conversation sessions, daily usage per model and feature, the seed's
-- user_statistics with sessions, active minutes and unique models, and the figures peers are
-- compared by. Everything here is kept by the pipeline; no request recomputes it from raw rows.

-- The seed's conversation_sessions. A user grain opens a session at a chat_message or
-- model_usage activity, extends it while activities keep coming within the idle timeout and
-- closes it at the first activity after a longer gap (or at deactivation). A row whose
-- ended_at is NULL is open until last_activity_at + the idle timeout.
CREATE TABLE conversation_sessions
(
    id               uuid PRIMARY KEY,
    user_id          uuid          NOT NULL,
    tenant_id        uuid          NOT NULL,
    title            varchar(255),
    topic            varchar(100),
    message_count    int           NOT NULL DEFAULT 0,
    model_calls      int           NOT NULL DEFAULT 0,
    duration_minutes int           NOT NULL DEFAULT 0,
    model_used       varchar(100),
    total_tokens     bigint        NOT NULL DEFAULT 0,
    total_cost       numeric(14,6) NOT NULL DEFAULT 0,
    started_at       timestamptz   NOT NULL,
    last_activity_at timestamptz   NOT NULL,
    ended_at         timestamptz,
    updated_at       timestamptz   NOT NULL
);
CREATE INDEX conversation_sessions_user_idx ON conversation_sessions (user_id, tenant_id, started_at DESC);
CREATE INDEX conversation_sessions_tenant_idx ON conversation_sessions (tenant_id, started_at);

-- Daily use of each model (model_usage, as the seed's model analysis counts) and each feature
-- (feature_usage), kept by the activity writer in the transaction that inserts the rows.
CREATE TABLE user_usage_daily
(
    user_id   uuid          NOT NULL,
    tenant_id uuid          NOT NULL,
    day       date          NOT NULL,
    kind      varchar(10)   NOT NULL,  -- model, feature
    name      varchar(100)  NOT NULL,
    uses      bigint        NOT NULL,
    tokens    bigint        NOT NULL DEFAULT 0,
    cost      numeric(14,6) NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, tenant_id, day, kind, name)
);
CREATE INDEX user_usage_daily_tenant_idx ON user_usage_daily (tenant_id, day);

-- The seed's user_statistics, now complete: activity figures from the hourly rollup, sessions
-- and active minutes (the day's session durations, at least a minute each) from
-- conversation_sessions, unique models from user_usage_daily.
DROP VIEW user_statistics;
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

-- A member's latest engagement score and 30-day activity in the tenant, written by each
-- analysis: peers are compared by these instead of by scanning every member's rollup.
ALTER TABLE tenant_members
    ADD COLUMN engagement_score numeric(5,2),
    ADD COLUMN activity_30d     bigint,
    ADD COLUMN analyzed_at      timestamptz;
