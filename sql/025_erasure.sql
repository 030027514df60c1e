-- Erasure over the whole inventory (docs/privacy-inventory.json), in one function that reports
-- what it did per store, and the receipts that prove it afterwards (also after a hard delete: a
-- receipt names stores and counts, never a value of the person).
CREATE TABLE erasure_receipts
(
    user_id      uuid PRIMARY KEY,
    tenant_id    uuid         NOT NULL,  -- the user's home tenant: whose admins may read it
    mode         varchar(10)  NOT NULL CHECK (mode IN ('anonymize', 'hard')),
    requested_by varchar(255) NOT NULL,
    completed_at timestamptz  NOT NULL,
    receipt      jsonb        NOT NULL
);

-- The fields an anonymized activity keeps in its details: what the rollups and analyses count.
CREATE OR REPLACE FUNCTION counted_details(p_details jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE WHEN p_details IS NULL OR jsonb_typeof(p_details) <> 'object' THEN NULL
            ELSE (SELECT jsonb_object_agg(key, value) FROM jsonb_each(p_details)
                  WHERE key IN ('model', 'tokens', 'tokens_used', 'cost', 'provider', 'response_time', 'success'))
       END
$$;

-- Text with every occurrence of the (escaped) email and phone patterns replaced by '[erased]'.
CREATE OR REPLACE FUNCTION erased_text(p_text text, p_email_re text, p_phone_re text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE WHEN p_phone_re IS NULL THEN e ELSE regexp_replace(e, p_phone_re, '[erased]', 'g') END
FROM (SELECT CASE WHEN p_email_re IS NULL OR p_text IS NULL THEN p_text ELSE regexp_replace(p_text, p_email_re, '[erased]', 'g') END AS e) x
$$;

-- p_mode anonymize or hard; p_email and p_phone the user's former addresses (NULL on replays, which
-- only need the user's own rows scrubbed). Returns one row per store touched.
CREATE OR REPLACE FUNCTION erase_user_data(p_user_id uuid, p_mode text, p_email text, p_phone text)
    RETURNS TABLE (store text, action text, count bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    hard    boolean := p_mode = 'hard';
    v_actor text    := p_user_id::text;
    -- Empty addresses would match everything: they count as none.
    v_email text    := nullif(btrim(p_email), '');
    v_phone text    := nullif(btrim(p_phone), '');
    -- Case-insensitive, as the verification searches: the address with regex characters escaped, not inside a longer one.
    v_email_re text := '(?i)(?<![a-z0-9._%+-])' || regexp_replace(nullif(btrim(p_email), ''), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g') || '(?![a-z0-9.-]*[a-z0-9])';
    v_phone_re text := '(?<![0-9])' || regexp_replace(nullif(btrim(p_phone), ''), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g') || '(?![0-9])';
    n       bigint;
BEGIN
    IF p_mode IS NULL OR p_mode NOT IN ('anonymize', 'hard') THEN
        RAISE EXCEPTION 'erase_user_data: mode % is neither anonymize nor hard', p_mode;
    END IF;

    -- The audit trail stays, scrubbed, in both modes.
    UPDATE user_events
       SET ip_address = NULL, user_agent = NULL,
           event_data = event_data - ARRAY['email', 'old_email', 'new_email', 'name', 'phone', 'old_phone', 'new_phone',
                                           'avatar_url', 'bio', 'reason', 'target', 'invitee_email']
     WHERE user_id = p_user_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL
            OR event_data ?| ARRAY['email', 'old_email', 'new_email', 'name', 'phone', 'old_phone', 'new_phone',
                                   'avatar_url', 'bio', 'reason', 'target', 'invitee_email']);
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_events'; action := 'scrubbed'; count := n; RETURN NEXT;
    UPDATE user_events SET ip_address = NULL, user_agent = NULL
     WHERE user_events.actor = v_actor AND user_id <> p_user_id AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_events (as actor)'; action := 'scrubbed'; count := n; RETURN NEXT;
    UPDATE tenant_events SET ip_address = NULL, user_agent = NULL
     WHERE tenant_events.actor = v_actor AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT; store := 'tenant_events'; action := 'scrubbed'; count := n; RETURN NEXT;

    IF hard THEN
        DELETE FROM user_activities
         WHERE tenant_id = ANY (ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = p_user_id))
           AND user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_activities'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM user_activity_hourly WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_activity_hourly'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM user_usage_daily WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_usage_daily'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM activity_message_ids WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'activity_message_ids'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM conversation_sessions WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'conversation_sessions'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM security_alerts WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'security_alerts'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM user_shares WHERE from_user_id = p_user_id OR to_user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_shares'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM tenant_members WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'tenant_members'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM user_preferences WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_preferences'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM user_profiles WHERE user_id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_profiles'; action := 'deleted'; count := n; RETURN NEXT;
        DELETE FROM users WHERE id = p_user_id;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'users'; action := 'deleted'; count := n; RETURN NEXT;
    ELSE
        UPDATE user_activities
           SET ip_address = NULL, user_agent = NULL, details = counted_details(details)
         WHERE tenant_id = ANY (ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = p_user_id))
           AND user_id = p_user_id
           AND (ip_address IS NOT NULL OR user_agent IS NOT NULL OR details IS DISTINCT FROM counted_details(details));
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_activities'; action := 'scrubbed'; count := n; RETURN NEXT;
        UPDATE conversation_sessions SET title = NULL, topic = NULL
         WHERE user_id = p_user_id AND (title IS NOT NULL OR topic IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT; store := 'conversation_sessions'; action := 'scrubbed'; count := n; RETURN NEXT;
        UPDATE security_alerts
           SET evidence = coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(evidence)
                                    WHERE jsonb_typeof(value) IN ('number', 'boolean')), '{}')
         WHERE user_id = p_user_id
           AND EXISTS (SELECT 1 FROM jsonb_each(evidence) WHERE jsonb_typeof(value) NOT IN ('number', 'boolean'));
        GET DIAGNOSTICS n = ROW_COUNT; store := 'security_alerts'; action := 'scrubbed'; count := n; RETURN NEXT;
        UPDATE user_shares SET message = NULL WHERE from_user_id = p_user_id AND message IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_shares'; action := 'scrubbed'; count := n; RETURN NEXT;
    END IF;

    -- Both modes.
    DELETE FROM notification_deliveries d USING user_notifications un WHERE d.notification_id = un.id AND un.user_id = p_user_id;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'notification_deliveries'; action := 'deleted'; count := n; RETURN NEXT;
    DELETE FROM user_notifications WHERE user_id = p_user_id;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_notifications'; action := 'deleted'; count := n; RETURN NEXT;
    -- Another user may share the phone number (or later hold the email): only unaddressed rows (invitations) besides the user's own.
    DELETE FROM outbound_messages
     WHERE user_id = p_user_id
        OR (user_id IS NULL AND ((v_email IS NOT NULL AND lower(recipient) = lower(v_email)) OR (v_phone IS NOT NULL AND recipient = v_phone)));
    GET DIAGNOSTICS n = ROW_COUNT; store := 'outbound_messages'; action := 'deleted'; count := n; RETURN NEXT;
    DELETE FROM activity_dead_letters WHERE user_id = p_user_id;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'activity_dead_letters'; action := 'deleted'; count := n; RETURN NEXT;
    DELETE FROM user_relationships WHERE from_user_id = p_user_id OR to_user_id = p_user_id;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_relationships'; action := 'deleted'; count := n; RETURN NEXT;
    DELETE FROM team_members WHERE user_id = p_user_id;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'team_members'; action := 'deleted'; count := n; RETURN NEXT;
    UPDATE user_feedback SET comment = NULL WHERE user_id = p_user_id AND comment IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_feedback'; action := 'scrubbed'; count := n; RETURN NEXT;
    -- Invitations to the email that someone else accepted (a former holder of the address) are theirs.
    UPDATE user_invitations SET invitee_email = 'erased-' || id || '@erased.invalid', updated_at = now()
     WHERE (accepted_user_id = p_user_id
            OR (v_email IS NOT NULL AND lower(invitee_email) = lower(v_email) AND (accepted_user_id IS NULL OR accepted_user_id = p_user_id)))
       AND invitee_email NOT LIKE 'erased-%@erased.invalid';
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_invitations'; action := 'scrubbed'; count := n; RETURN NEXT;
    -- A share's message is copied into each recipient's notice.
    UPDATE user_notifications SET content = NULL
     WHERE notification_type = 'share_received' AND metadata ->> 'from_user_id' = v_actor AND content IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT; store := 'user_notifications (shares sent)'; action := 'scrubbed'; count := n; RETURN NEXT;

    -- Others' rows that quote the addresses (an admin's risk alert names the user's email).
    IF v_email IS NOT NULL OR v_phone IS NOT NULL THEN
        UPDATE user_notifications
           SET title = erased_text(title, v_email_re, v_phone_re),
               content = erased_text(content, v_email_re, v_phone_re)
         WHERE (v_email IS NOT NULL AND (strpos(lower(title), lower(v_email)) > 0 OR strpos(lower(coalesce(content, '')), lower(v_email)) > 0))
            OR (v_phone IS NOT NULL AND (strpos(title, v_phone) > 0 OR strpos(coalesce(content, ''), v_phone) > 0));
        GET DIAGNOSTICS n = ROW_COUNT; store := 'user_notifications (others)'; action := 'scrubbed'; count := n; RETURN NEXT;
        UPDATE notification_deliveries
           SET detail = erased_text(detail, v_email_re, v_phone_re)
         WHERE (v_email IS NOT NULL AND strpos(lower(detail), lower(v_email)) > 0) OR (v_phone IS NOT NULL AND strpos(detail, v_phone) > 0);
        GET DIAGNOSTICS n = ROW_COUNT; store := 'notification_deliveries (others)'; action := 'scrubbed'; count := n; RETURN NEXT;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION erase_user_data(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_user_data(uuid, text, text, text) TO :"app_role";

-- Replays of an anonymized user's spilled rows: their activities are scrubbed as the erasure scrubbed the
-- stored ones (counted details only), and nothing else is touched again.
CREATE OR REPLACE FUNCTION scrub_user_pii(p_user_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$
DECLARE
    scrubbed bigint;
BEGIN
    UPDATE user_activities
       SET ip_address = NULL, user_agent = NULL, details = counted_details(details)
     WHERE tenant_id = ANY (ARRAY(SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = p_user_id))
       AND user_id = p_user_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL OR details IS DISTINCT FROM counted_details(details));
    GET DIAGNOSTICS scrubbed = ROW_COUNT;
    UPDATE conversation_sessions SET title = NULL, topic = NULL
     WHERE user_id = p_user_id AND (title IS NOT NULL OR topic IS NOT NULL);
    RETURN scrubbed;
END
$$;

-- Erasure finds the rows a user made as the actor of others' trails.
CREATE INDEX user_events_actor_idx ON user_events (actor);
CREATE INDEX tenant_events_actor_idx ON tenant_events (actor);
