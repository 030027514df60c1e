-- The application connects as its own role (psql variable app_role, default lyss_app),
-- never as the owner of the schema. Tables created by later migrations give it plain DML
-- by default; tables that must stay append-only (user_events) take rights away again in
-- their own migration.
GRANT USAGE ON SCHEMA public TO :"app_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
