-- Orleans grain storage (Microsoft.Orleans.Persistence.AdoNet 10.x) for PostgreSQL 15.
--
-- Contract with the provider (AdoNetGrainStorage):
--   * At start-up it loads the keys WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and,
--     optionally, DeleteStorageKey from OrleansQuery. DeleteStorageKey must exist when the storage is
--     configured with DeleteStateOnClear = true, otherwise initialisation fails.
--   * Every statement receives the grain identity as named parameters:
--       @GrainIdHash (int), @GrainIdN0 (bigint), @GrainIdN1 (bigint), @GrainTypeHash (int),
--       @GrainTypeString (text), @GrainIdExtensionString (text, may be NULL), @ServiceId (text).
--     Integer-keyed grains send N0 = 0 and N1 = key, Guid-keyed grains send the two halves of the
--     Guid, string-keyed grains send N0 = N1 = 0 and the key itself in @GrainIdExtensionString.
--     The hashes are only a narrowing aid; the identity is the full tuple.
--   * Write, clear and delete also receive @GrainStateVersion (int, NULL when the grain holds no
--     ETag); write additionally receives @PayloadBinary (bytea).
--   * The ETag is the integer "version" of the row, handed to the provider as text.
--       read   -> columns read by name: PayloadBinary (NULL = no state) and Version.
--       write  -> column read by name: NewGrainStateVersion.
--       clear  -> first column of the single row is the new version.
--       delete -> first column of the single row is any value different from the old version.
--     Returning no row (or NULL) from write/clear/delete means "version conflict": the provider
--     then throws InconsistentStateException.
--
-- Table and column names below are our own choice (only the OrleansQuery rows refer to them);
-- result columns are aliased, quoted, to exactly the names the provider reads.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id      varchar(150) NOT NULL,
    grain_type_hash integer      NOT NULL,
    grain_type      varchar(512) NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    -- key extension (or the whole key for string-keyed grains); NULL when the grain has none
    grain_id_ext    varchar(512),
    -- NULL after a ClearState that keeps the row (DeleteStateOnClear = false)
    payload         bytea,
    version         integer      NOT NULL CHECK (version > 0),
    modified_at     timestamptz  NOT NULL DEFAULT now()
);

-- One row per grain state. NULLS NOT DISTINCT (PostgreSQL 15+) makes two rows without a key
-- extension collide as well, so concurrent first writes of the same grain cannot both insert:
-- the loser's INSERT ... ON CONFLICT DO NOTHING returns no row and the provider reports the
-- conflict. The two hashes lead so that the same index also serves every lookup below.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_grain_uq
    ON orleans_storage (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
                        grain_type, grain_id_ext)
    NULLS NOT DISTINCT;

COMMENT ON TABLE orleans_storage IS
    'Orleans grain state written by AdoNetGrainStorage; version is the ETag.';

-- Versions wrap from 2147483647 back to 1 instead of overflowing; the wrapped value can never
-- equal the version the caller presented, so conflict detection is unaffected.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey',
    $query$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
FROM orleans_storage AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$query$
),
(
    -- No ETag: first write, insert version 1 unless a row already exists (conflict).
    -- With ETag: overwrite only the row still carrying that version and bump it.
    -- Exactly one of the two branches can produce a row.
    'WriteToStorageKey',
    $query$
WITH inserted AS (
    INSERT INTO orleans_storage AS s
        (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
         grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING s.version
),
updated AS (
    UPDATE orleans_storage AS s
    SET payload = @PayloadBinary,
        version = CASE WHEN s.version >= 2147483647 THEN 1 ELSE s.version + 1 END,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
      AND s.version = @GrainStateVersion
    RETURNING s.version
)
SELECT version AS "NewGrainStateVersion" FROM inserted
UNION ALL
SELECT version FROM updated
$query$
),
(
    -- Keeps the row (and its version history) but drops the payload; returns the new version.
    'ClearStorageKey',
    $query$
UPDATE orleans_storage AS s
SET payload = NULL,
    version = CASE WHEN s.version >= 2147483647 THEN 1 ELSE s.version + 1 END,
    modified_at = now()
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"
$query$
),
(
    -- Used instead of ClearStorageKey when DeleteStateOnClear = true. The provider only checks that
    -- a value different from its ETag comes back (it then resets the ETag to null), so the
    -- successor of the deleted version is returned.
    'DeleteStorageKey',
    $query$
DELETE FROM orleans_storage AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING CASE WHEN s.version >= 2147483647 THEN 1 ELSE s.version + 1 END AS "NewGrainStateVersion"
$query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
