-- Raw activities are read by tenant: a tenant's export, a member's rows in a tenant. One index
-- leading with the tenant replaces the per-user one (each index costs ingestion, so not a third).
-- Reads that know only the user (erasure, a grain's recent rows) find the user's tenants in the
-- hourly rollup's primary key (user_id first) and go through this index per tenant.
CREATE INDEX user_activities_tenant_user_idx ON user_activities (tenant_id, user_id, received_at);
DROP INDEX user_activities_user_idx;

CREATE OR REPLACE FUNCTION scrub_user_pii(p_user_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    scrubbed bigint;
BEGIN
    UPDATE user_events
       SET ip_address = NULL,
           user_agent = NULL,
           event_data = event_data - ARRAY['email', 'old_email', 'new_email', 'name', 'phone',
                                           'old_phone', 'new_phone', 'avatar_url', 'bio']
     WHERE user_id = p_user_id;
    GET DIAGNOSTICS scrubbed = ROW_COUNT;
    UPDATE user_activities
       SET ip_address = NULL,
           user_agent = NULL,
           details    = CASE WHEN details ? 'geo' THEN details - 'geo' ELSE details END
     WHERE tenant_id = ANY(ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = p_user_id))
       AND user_id = p_user_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL OR details ? 'geo');
    UPDATE conversation_sessions SET title = NULL, topic = NULL
     WHERE user_id = p_user_id AND (title IS NOT NULL OR topic IS NOT NULL);
    UPDATE security_alerts SET evidence = evidence - ARRAY['ip_address', 'user_agent', 'from', 'to']
     WHERE user_id = p_user_id AND evidence ?| ARRAY['ip_address', 'user_agent', 'from', 'to'];
    RETURN scrubbed;
END
$$;
