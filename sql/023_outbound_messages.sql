-- Messages that must reach an address whatever the user's notification preferences: verification
-- codes (email with a link, SMS) and invitations. Rendered when queued, in the recipient's
-- language; subject and body (which hold the code) are cleared as soon as the message is sent, skipped,
-- superseded by a newer code, dead or past its expiry, so a secret lives here only until delivery.
CREATE TABLE outbound_messages
(
    id              uuid PRIMARY KEY,
    tenant_id       uuid         NOT NULL,
    user_id         uuid,
    reference_id    uuid,
    purpose         varchar(32)  NOT NULL CHECK (purpose IN ('email_verification', 'phone_verification', 'invitation')),
    channel         varchar(8)   NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient       varchar(320) NOT NULL,
    language        varchar(16)  NOT NULL,
    subject         text,
    body            text,
    status          varchar(16)  NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sent', 'skipped', 'superseded', 'expired', 'dead')),
    attempts        int          NOT NULL DEFAULT 0,
    detail          varchar(500),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    expires_at      timestamptz  NOT NULL,
    next_attempt_at timestamptz,
    claimed_until   timestamptz,
    sent_at         timestamptz
);
CREATE INDEX outbound_messages_due_idx ON outbound_messages (created_at) WHERE status = 'queued';
CREATE INDEX outbound_messages_user_idx ON outbound_messages (user_id, purpose) WHERE user_id IS NOT NULL;
CREATE INDEX outbound_messages_reference_idx ON outbound_messages (reference_id, purpose) WHERE reference_id IS NOT NULL;
CREATE INDEX outbound_messages_recipient_idx ON outbound_messages (lower(recipient), created_at);
