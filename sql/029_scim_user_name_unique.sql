-- A SCIM userName that is not the email is unique in its tenant (case-insensitive) here too: the
-- gateway's check before a create cannot see a racing create (docs/scim.md).
CREATE UNIQUE INDEX tenant_members_scim_user_name_key ON tenant_members (tenant_id, lower(scim_user_name)) WHERE scim_user_name IS NOT NULL;
