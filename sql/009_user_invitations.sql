-- Read model of invitations (the seed's user_invitations); the InvitationGrain is the truth.
CREATE TABLE user_invitations
(
    id               uuid PRIMARY KEY,
    invitation_code  varchar(64)  NOT NULL UNIQUE,
    tenant_id        uuid         NOT NULL,
    inviter_id       varchar(200) NOT NULL,
    invitee_email    varchar(254),
    role             varchar(64)  NOT NULL,
    status           varchar(20)  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id uuid,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE INDEX user_invitations_tenant_idx ON user_invitations (tenant_id, created_at DESC);
CREATE INDEX user_invitations_tenant_status_idx ON user_invitations (tenant_id, status, created_at DESC);
CREATE INDEX user_invitations_inviter_idx ON user_invitations (tenant_id, inviter_id, created_at DESC);
CREATE INDEX user_invitations_email_idx ON user_invitations (lower(invitee_email));
