-- What a benchmark tenant's activities left behind (the benchmarks clean up after themselves):
-- psql -v tenant=<uuid> -f scripts/sql/delete-tenant-activities.sql, or the load tool with @tenant.
DELETE FROM activity_message_ids WHERE user_id IN (SELECT user_id FROM tenant_members WHERE tenant_id = :'tenant');
DELETE FROM user_activities WHERE tenant_id = :'tenant';
DELETE FROM user_activity_hourly WHERE tenant_id = :'tenant';
DELETE FROM user_usage_daily WHERE tenant_id = :'tenant';
DELETE FROM conversation_sessions WHERE tenant_id = :'tenant';
DELETE FROM security_alerts WHERE tenant_id = :'tenant';
