-- A tenant's own audit trail: changes to its settings (and, as they land, its roles, grants and
-- keys), readable by the tenant. actor, ip_address and user_agent are personal data of whoever
-- made the change (listed in docs/privacy.md).
CREATE TABLE tenant_events
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   uuid         NOT NULL,
    event_type  varchar(50)  NOT NULL,
    actor       varchar(200),
    event_data  jsonb        NOT NULL DEFAULT '{}',
    ip_address  inet,
    user_agent  varchar(500),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX tenant_events_tenant_idx ON tenant_events (tenant_id, created_at DESC, id DESC);
