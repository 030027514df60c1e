-- A SCIM userName that is not the email is unique among a tenant's live members (case-insensitive),
-- as the gateway's check before a create reads it; the index also stops creates that race past that
-- check (docs/scim.md). A database where live members already share one is left without the index,
-- with a warning naming the tenants, until an operator renames them.
DO $$
DECLARE
    duplicates text;
BEGIN
    SELECT string_agg(DISTINCT tenant_id::text, ', ') INTO duplicates
    FROM (SELECT tenant_id FROM tenant_members
          WHERE scim_user_name IS NOT NULL AND user_status NOT IN ('deleted', 'anonymized')
          GROUP BY tenant_id, lower(scim_user_name) HAVING count(*) > 1) d;
    IF duplicates IS NULL THEN
        CREATE UNIQUE INDEX tenant_members_scim_user_name_key ON tenant_members (tenant_id, lower(scim_user_name))
            WHERE scim_user_name IS NOT NULL AND user_status NOT IN ('deleted', 'anonymized');
    ELSE
        RAISE WARNING 'tenant_members_scim_user_name_key not created: tenants % have live members sharing a SCIM userName', duplicates;
    END IF;
END
$$;
