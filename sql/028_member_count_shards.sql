-- Bulk onboarding into one tenant (SCIM, docs/benchmarks.md) queued on this table: every
-- registration updated the same tenant_member_counts row and held its lock until commit, and every
-- save of a user ran the UPDATE statement trigger (~2 ms) whether or not a status changed.
-- Counts are now spread over 64 shards chosen by the writing backend (readers already sum), the
-- insert and delete triggers aggregate straight from their transition tables, and status changes
-- are counted by a row trigger that PostgreSQL fires only when the status differs.
-- Saves lock tenant_members before the counts: so does this migration (no deadlock with live traffic).
LOCK TABLE tenant_members IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE tenant_member_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE tenant_member_counts DROP CONSTRAINT tenant_member_counts_pkey;
ALTER TABLE tenant_member_counts ADD PRIMARY KEY (tenant_id, user_status, shard);

CREATE OR REPLACE FUNCTION tenant_member_counts_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO tenant_member_counts AS c (tenant_id, user_status, shard, members)
    SELECT tenant_id, user_status, pg_backend_pid() % 64, count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (tenant_id, user_status, shard) DO UPDATE SET members = c.members + EXCLUDED.members;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION tenant_member_counts_on_delete() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO tenant_member_counts AS c (tenant_id, user_status, shard, members)
    SELECT tenant_id, user_status, pg_backend_pid() % 64, -count(*) FROM old_rows GROUP BY 1, 2
    ON CONFLICT (tenant_id, user_status, shard) DO UPDATE SET members = c.members + EXCLUDED.members;
    RETURN NULL;
END
$$;

CREATE FUNCTION tenant_member_counts_on_status_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO tenant_member_counts AS c (tenant_id, user_status, shard, members)
    VALUES (OLD.tenant_id, OLD.user_status, pg_backend_pid() % 64, -1), (NEW.tenant_id, NEW.user_status, pg_backend_pid() % 64, 1)
    ON CONFLICT (tenant_id, user_status, shard) DO UPDATE SET members = c.members + EXCLUDED.members;
    RETURN NULL;
END
$$;

DROP TRIGGER tenant_members_count_update ON tenant_members;
CREATE TRIGGER tenant_members_count_status AFTER UPDATE OF user_status ON tenant_members
    FOR EACH ROW WHEN (OLD.user_status IS DISTINCT FROM NEW.user_status) EXECUTE FUNCTION tenant_member_counts_on_status_change();
DROP FUNCTION tenant_member_counts_on_update();
DROP FUNCTION tenant_member_counts_add(jsonb, int);
