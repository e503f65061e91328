-- 004_orleans_reminders.sql
--
-- Our own PostgreSQL schema for the Orleans ADO.NET reminder table
-- (Microsoft.Orleans.Reminders.AdoNet 10.4.x, invariant "Npgsql"). Written for Actors.
--
-- One row per (service, grain, reminder name). Version is the reminder's ETag: 0 when
-- created, +1 on every upsert; a delete only succeeds with the current ETag.
--
-- GrainHash is the grain id's uniform hash, which the provider sends as a signed 32-bit
-- integer. Each silo periodically reads the reminders whose hash falls into its range of the
-- ring, so (ServiceId, GrainHash) is indexed: those range reads stay index scans however many
-- millions of reminders there are.
--
-- GrainId holds GrainId.ToString(), i.e. "type/key"; string keys make it long, so it gets
-- 512 characters rather than the 150 of the reference scripts.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,  -- ClusterOptions.ServiceId
    GrainId      varchar(512)   NOT NULL,  -- GrainId.ToString(): "grain-type/key"
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,  -- first tick (UTC)
    Period       bigint         NOT NULL,  -- milliseconds
    GrainHash    integer        NOT NULL,  -- (int) GrainId.GetUniformHashCode()
    Version      integer        NOT NULL,  -- the ETag

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);


-- The query texts. Parameter names and result column names are the provider's contract
-- (result columns are matched by name, case-insensitively; single-value results by position).
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Create or replace a reminder; the result is the new ETag.
    'UpsertReminderRowKey',
    $sql$INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = EXCLUDED.StartTime,
        Period    = EXCLUDED.Period,
        GrainHash = EXCLUDED.GrainHash,
        Version   = r.Version + 1
RETURNING r.Version AS Version;$sql$
),
(
    'ReadReminderRowsKey',
    $sql$SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId;$sql$
),
(
    'ReadReminderRowKey',
    $sql$SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId
  AND ReminderName = @ReminderName;$sql$
),
(
    -- Ring range (@BeginHash, @EndHash] that does not wrap (the provider picks this one when
    -- BeginHash < EndHash as signed integers).
    'ReadRangeRows1Key',
    $sql$SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;$sql$
),
(
    -- Ring range that wraps past the end (or covers the whole ring when both hashes are equal):
    -- everything above @BeginHash plus everything up to @EndHash.
    'ReadRangeRows2Key',
    $sql$SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);$sql$
),
(
    -- Delete one reminder if its ETag still matches. Result: 1 if deleted, 0 otherwise.
    'DeleteReminderRowKey',
    $sql$WITH deleted AS
(
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS RowsDeleted FROM deleted;$sql$
),
(
    -- Delete every reminder of the service (tests / tooling).
    'DeleteReminderRowsKey',
    $sql$DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
