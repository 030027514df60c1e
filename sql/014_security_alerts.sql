-- Findings of the anomaly rules evaluated in user grains as activities arrive.
CREATE TABLE security_alerts
(
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    type       varchar(40) NOT NULL,   -- burst, failed_login_streak, …
    severity   varchar(10) NOT NULL,   -- low, medium, high
    evidence   jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
);
CREATE INDEX security_alerts_user_idx ON security_alerts (tenant_id, user_id, created_at DESC);
CREATE INDEX security_alerts_tenant_idx ON security_alerts (tenant_id, created_at DESC);
