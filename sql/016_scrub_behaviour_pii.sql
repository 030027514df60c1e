-- Anonymization and hard delete also clear what the behaviour tables learnt about the person:
-- conversation titles and topics (their own words), the addresses and agents in security alert
-- evidence, and the login locations in activity details and travel alerts. Counts, tokens, costs
-- and alert types stay: they are the tenant's figures, not the person's data.
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
     WHERE user_id = p_user_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL OR details ? 'geo');
    UPDATE conversation_sessions SET title = NULL, topic = NULL
     WHERE user_id = p_user_id AND (title IS NOT NULL OR topic IS NOT NULL);
    UPDATE security_alerts SET evidence = evidence - ARRAY['ip_address', 'user_agent', 'from', 'to']
     WHERE user_id = p_user_id AND evidence ?| ARRAY['ip_address', 'user_agent', 'from', 'to'];
    RETURN scrubbed;
END
$$;
CREATE INDEX security_alerts_user_only_idx ON security_alerts (user_id);
