-- Read model of teams; the TeamGrain is the truth.
CREATE TABLE teams
(
    id         uuid PRIMARY KEY,
    tenant_id  uuid         NOT NULL,
    name       varchar(100) NOT NULL,
    created_by varchar(200),
    created_at timestamptz  NOT NULL
);
CREATE INDEX teams_tenant_idx ON teams (tenant_id, name);

CREATE TABLE team_members
(
    team_id   uuid        NOT NULL,
    user_id   uuid        NOT NULL,
    tenant_id uuid        NOT NULL,
    role      varchar(20) NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (tenant_id, user_id);
