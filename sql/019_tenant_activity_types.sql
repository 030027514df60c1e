-- The custom activity types each tenant has used (seed types are not listed): a tenant may use
-- at most a configured number (default 200), since each is a metric series and a counter bucket
-- in every active user grain. Names only; no personal data.
CREATE TABLE tenant_activity_types
(
    tenant_id     uuid        NOT NULL,
    activity_type varchar(50) NOT NULL,
    first_seen    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, activity_type)
);
