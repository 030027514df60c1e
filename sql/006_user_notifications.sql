-- The seed's in-app inbox. Written first by security notices (email or phone changed); the
-- notification work (templates, channels, read state over REST) builds on the same table.
CREATE TABLE user_notifications
(
    id                uuid PRIMARY KEY,
    user_id           uuid         NOT NULL,
    tenant_id         uuid,
    notification_type varchar(50)  NOT NULL,
    title             varchar(255) NOT NULL,
    content           text,
    metadata          jsonb        NOT NULL DEFAULT '{}',
    is_read           boolean      NOT NULL DEFAULT false,
    priority          varchar(10)  NOT NULL DEFAULT 'normal',
    channel           varchar(20)  NOT NULL DEFAULT 'in_app',
    scheduled_at      timestamptz,
    sent_at           timestamptz,
    read_at           timestamptz,
    created_at        timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX user_notifications_inbox_idx ON user_notifications (user_id, is_read, created_at DESC);
CREATE INDEX user_notifications_tenant_idx ON user_notifications (tenant_id, created_at DESC);
