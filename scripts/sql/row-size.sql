-- Bytes per user_activities row: heap and its three indexes, on a fresh copy of the newest 200,000 rows (no
-- bloat from deleted benchmark rows). Read-only: the copy is a temporary table.
-- PGPASSWORD=... psql -h 127.0.0.1 -p 55432 -U lyss_admin -d lyss -f scripts/sql/row-size.sql
CREATE TEMP TABLE ua_sample AS SELECT * FROM user_activities ORDER BY received_at DESC LIMIT 200000;
CREATE INDEX ON ua_sample (id, received_at);
CREATE INDEX ON ua_sample (user_id, received_at DESC);
CREATE INDEX ON ua_sample (tenant_id, user_id, received_at);
ANALYZE ua_sample;
SELECT count(*) AS rows,
       round(pg_relation_size('ua_sample')::numeric / count(*), 1) AS heap_bytes_per_row,
       round(pg_indexes_size('ua_sample')::numeric / count(*), 1) AS index_bytes_per_row,
       round(avg(pg_column_size(ua_sample.*)), 1) AS tuple_bytes
FROM ua_sample;
