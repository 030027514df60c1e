-- Delivery retries: a row is claimed for a lease (sends happen outside the claiming
-- transaction), retried with back-off while a channel fails, and ends dead after the last attempt.
ALTER TABLE user_notifications
    ADD COLUMN attempts        int NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN claimed_until   timestamptz;
ALTER TABLE notification_deliveries
    ADD COLUMN attempts int NOT NULL DEFAULT 1;   -- status: sent, skipped, failed (will retry), dead
