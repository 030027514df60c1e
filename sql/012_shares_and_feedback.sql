-- Shares of resources with a user or a team of the tenant, and feedback/ratings (the seed's 分享, 评价反馈).
CREATE TABLE user_shares
(
    id            uuid PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    from_user_id  uuid         NOT NULL,
    to_user_id    uuid,
    to_team_id    uuid,
    resource_type varchar(50)  NOT NULL,
    resource_id   varchar(255) NOT NULL,
    message       varchar(1000),
    created_at    timestamptz  NOT NULL,
    CHECK ((to_user_id IS NULL) <> (to_team_id IS NULL))
);
CREATE INDEX user_shares_to_user_idx ON user_shares (tenant_id, to_user_id, created_at DESC);
CREATE INDEX user_shares_to_team_idx ON user_shares (tenant_id, to_team_id, created_at DESC);
CREATE INDEX user_shares_from_idx ON user_shares (tenant_id, from_user_id, created_at DESC);

CREATE TABLE user_feedback
(
    id            uuid PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    user_id       uuid         NOT NULL,
    rating        smallint     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment       varchar(2000),
    resource_type varchar(50),
    resource_id   varchar(255),
    created_at    timestamptz  NOT NULL
);
CREATE INDEX user_feedback_tenant_idx ON user_feedback (tenant_id, created_at DESC);
CREATE INDEX user_feedback_resource_idx ON user_feedback (tenant_id, resource_type, resource_id);
