-- The seed's user_relationships, per tenant: one row per directed follow, friendship (stored
-- both ways once accepted, one way while requested) and block. The pair's RelationshipGrain
-- rewrites the pair's rows in one transaction.
CREATE TABLE user_relationships
(
    tenant_id         uuid        NOT NULL,
    from_user_id      uuid        NOT NULL,
    to_user_id        uuid        NOT NULL,
    relationship_type varchar(20) NOT NULL,   -- follow, friend, block
    status            varchar(20) NOT NULL,   -- accepted, pending
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, from_user_id, to_user_id, relationship_type)
);
CREATE INDEX user_relationships_to_idx ON user_relationships (tenant_id, to_user_id, relationship_type, created_at DESC);
CREATE INDEX user_relationships_from_idx ON user_relationships (tenant_id, from_user_id, relationship_type, created_at DESC);
