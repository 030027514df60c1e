-- The userName an identity provider gives a member when it is not the email (SCIM, docs/scim.md):
-- userName filters read it before the email, through this index.
ALTER TABLE tenant_members ADD COLUMN scim_user_name varchar(255);
CREATE INDEX tenant_members_scim_user_name_idx ON tenant_members (tenant_id, lower(coalesce(scim_user_name, email)));
