-- Delivery of notifications beyond the in-app inbox: the dispatcher takes rows whose time has
-- come (scheduled_at) and that it has not handled yet, sends them on the channels the user's
-- preferences allow, and records each attempt.
ALTER TABLE user_notifications ADD COLUMN dispatched_at timestamptz;
CREATE INDEX user_notifications_dispatch_idx ON user_notifications (coalesce(scheduled_at, created_at)) WHERE dispatched_at IS NULL;

CREATE TABLE notification_deliveries
(
    notification_id uuid        NOT NULL,
    channel         varchar(20) NOT NULL,   -- email, push, sms
    status          varchar(20) NOT NULL,   -- sent, failed, skipped
    detail          varchar(500),
    attempted_at    timestamptz NOT NULL,
    PRIMARY KEY (notification_id, channel)
);
