-- Orleans reminder table (Microsoft.Orleans.Reminders.AdoNet 10.x) for PostgreSQL 15.
--
-- Contract with the provider (AdoNetReminderTable via RelationalOrleansQueries):
--   * At start-up it reads every OrleansQuery row and refuses to start unless all seven keys
--     below exist: UpsertReminderRowKey, ReadReminderRowsKey, ReadReminderRowKey,
--     ReadRangeRows1Key, ReadRangeRows2Key, DeleteReminderRowKey, DeleteReminderRowsKey.
--   * Parameters (names and the types Npgsql sends):
--       @ServiceId text, @GrainId text (GrainId.ToString(), "type/key"), @ReminderName text,
--       @StartTime timestamptz (UTC DateTime), @Period int or bigint (milliseconds; int while it
--       fits), @GrainHash int (GrainId.GetUniformHashCode() cast to signed), @BeginHash int,
--       @EndHash int, @Version int (the ETag given back to RemoveRow).
--   * Rows are read by column name: GrainId, ReminderName, StartTime, Period, Version.
--   * The ETag is the integer version of the row. Upsert is unconditional and must return the new
--     version in a column named Version. Delete must return exactly one row with one column that
--     converts to a boolean: true when the row with that version was removed, false otherwise.
--   * Range reads follow IReminderTable: rows whose hash lies in (begin, end]. The provider picks
--     ReadRangeRows1Key when (int)begin < (int)end and ReadRangeRows2Key (wrap-around, also used for
--     begin = end, i.e. the whole ring) otherwise; the comparison is on signed integers on both
--     sides, so grain_hash is stored signed exactly as it is sent.
--
-- Table and column names are our own; results are aliased to the names the provider reads.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(512) NOT NULL,
    reminder_name varchar(256) NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL CHECK (version > 0),
    CONSTRAINT orleans_reminders_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo periodically loads the reminders of its hash range.
CREATE INDEX IF NOT EXISTS orleans_reminders_service_hash_ix
    ON orleans_reminders (service_id, grain_hash);

COMMENT ON TABLE orleans_reminders IS
    'Orleans reminders written by AdoNetReminderTable; version is the ETag.';

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- New reminders start at version 1; re-registering bumps the version (wrapping to 1 instead of
    -- overflowing), which invalidates ETags held for the previous registration.
    'UpsertReminderRowKey',
    $query$
INSERT INTO orleans_reminders AS r
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version    = CASE WHEN r.version >= 2147483647 THEN 1 ELSE r.version + 1 END
RETURNING r.version AS "Version"
$query$
),
(
    'ReadReminderRowsKey',
    $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminders AS r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId
$query$
),
(
    'ReadReminderRowKey',
    $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminders AS r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId
  AND r.reminder_name = @ReminderName
$query$
),
(
    -- begin < end: the plain interval (begin, end].
    'ReadRangeRows1Key',
    $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminders AS r
WHERE r.service_id = @ServiceId
  AND r.grain_hash > @BeginHash
  AND r.grain_hash <= @EndHash
$query$
),
(
    -- begin >= end: the range wraps around the ring, (begin, max] plus [min, end].
    'ReadRangeRows2Key',
    $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminders AS r
WHERE r.service_id = @ServiceId
  AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash)
$query$
),
(
    -- Always yields one row: whether the reminder with the given ETag was removed.
    'DeleteReminderRowKey',
    $query$
WITH removed AS (
    DELETE FROM orleans_reminders AS r
    WHERE r.service_id = @ServiceId
      AND r.grain_id = @GrainId
      AND r.reminder_name = @ReminderName
      AND r.version = @Version
    RETURNING 1
)
SELECT count(*) > 0 AS "Deleted" FROM removed
$query$
),
(
    -- Only used by IReminderTable.TestOnlyClearTable; executed without reading a result.
    'DeleteReminderRowsKey',
    $query$
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId
$query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
