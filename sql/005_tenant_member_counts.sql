-- Exact list totals without counting: GET /users on a tenant of 100k users spent most of its
-- ~29 ms in count(*) (docs/benchmarks.md). Statement-level triggers keep per-status counts
-- beside the rows: one aggregate per statement, so a bulk load costs one upsert per group,
-- not one per row.

CREATE TABLE tenant_member_counts
(
    tenant_id   uuid        NOT NULL,
    user_status varchar(20) NOT NULL,
    members     bigint      NOT NULL,
    PRIMARY KEY (tenant_id, user_status)
);

CREATE FUNCTION tenant_member_counts_add(p_rows jsonb, p_sign int) RETURNS void
    LANGUAGE sql AS
$$
    INSERT INTO tenant_member_counts AS c (tenant_id, user_status, members)
    SELECT (r ->> 'tenant_id')::uuid, r ->> 'user_status', p_sign * (r ->> 'n')::bigint
    FROM jsonb_array_elements(p_rows) AS r
    ON CONFLICT (tenant_id, user_status) DO UPDATE SET members = c.members + EXCLUDED.members;
$$;

CREATE FUNCTION tenant_member_counts_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM tenant_member_counts_add(
        (SELECT coalesce(jsonb_agg(g), '[]') FROM (SELECT tenant_id, user_status, count(*) AS n FROM new_rows GROUP BY 1, 2) g), 1);
    RETURN NULL;
END
$$;

CREATE FUNCTION tenant_member_counts_on_delete() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM tenant_member_counts_add(
        (SELECT coalesce(jsonb_agg(g), '[]') FROM (SELECT tenant_id, user_status, count(*) AS n FROM old_rows GROUP BY 1, 2) g), -1);
    RETURN NULL;
END
$$;

-- Every save of a user rewrites its membership rows; only a changed status moves a count.
CREATE FUNCTION tenant_member_counts_on_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM tenant_member_counts_add(
        (SELECT coalesce(jsonb_agg(g), '[]') FROM (
            SELECT o.tenant_id, o.user_status, count(*) AS n
            FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.user_id = o.user_id
            WHERE n.user_status IS DISTINCT FROM o.user_status GROUP BY 1, 2) g), -1);
    PERFORM tenant_member_counts_add(
        (SELECT coalesce(jsonb_agg(g), '[]') FROM (
            SELECT n.tenant_id, n.user_status, count(*) AS n
            FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.user_id = o.user_id
            WHERE n.user_status IS DISTINCT FROM o.user_status GROUP BY 1, 2) g), 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER tenant_members_count_insert AFTER INSERT ON tenant_members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tenant_member_counts_on_insert();
CREATE TRIGGER tenant_members_count_delete AFTER DELETE ON tenant_members
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tenant_member_counts_on_delete();
CREATE TRIGGER tenant_members_count_update AFTER UPDATE ON tenant_members
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tenant_member_counts_on_update();

INSERT INTO tenant_member_counts (tenant_id, user_status, members)
SELECT tenant_id, user_status, count(*) FROM tenant_members GROUP BY tenant_id, user_status;
