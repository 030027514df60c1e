-- Orleans ADO.NET providers: query registry.
--
-- Both Microsoft.Orleans.Persistence.AdoNet and Microsoft.Orleans.Reminders.AdoNet start by
-- running the hard-coded statement
--     SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = '...' OR ...]
-- and from then on execute only the SQL text they find here, keyed by QueryKey. The table and
-- both column names are therefore fixed by the providers. They are written unquoted on purpose:
-- the providers' statement is unquoted, so PostgreSQL folds it to orleansquery/querykey/querytext,
-- and Npgsql matches the reader's "QueryKey"/"QueryText" look-ups case-insensitively.
--
-- The rows themselves are added by the provider-specific migrations (002, 003) with
-- INSERT ... ON CONFLICT (QueryKey) DO UPDATE, so a corrected query can be shipped later simply by
-- upserting the same key again.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (QueryKey),
    CONSTRAINT orleansquery_text_not_blank CHECK (btrim(QueryText) <> '')
);

COMMENT ON TABLE OrleansQuery IS
    'SQL executed by the Orleans ADO.NET providers, looked up by key at silo start-up.';
