-- 004_orleans_reminders.sql
--
-- The Orleans reminder table, read and written by our own IReminderTable
-- (Storage/PostgresReminderTable.cs), which group-commits registrations. The layout is the one
-- of the Orleans ADO.NET reminder provider, which earlier versions of the platform used.
--
-- One row per (service, grain, reminder name). Version is the reminder's ETag: 0 when
-- created, +1 on every upsert; a delete only succeeds with the current ETag.
--
-- GrainHash is the grain id's uniform hash as a signed 32-bit integer. Each silo periodically
-- reads the reminders whose hash falls into its range of the ring, so (ServiceId, GrainHash) is
-- indexed: those range reads stay index scans however many millions of reminders there are.
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

SELECT actors_create_index_unless_present('IX_OrleansRemindersTable_ServiceId_GrainHash', 'ON OrleansRemindersTable (ServiceId, GrainHash)');

-- No query texts: Storage/PostgresReminderTable.cs holds its SQL itself. Query rows an earlier
-- version left in OrleansQuery under the reminder keys are no longer read.
DELETE FROM OrleansQuery WHERE QueryKey IN ('UpsertReminderRowKey', 'ReadReminderRowsKey', 'ReadReminderRowKey',
    'ReadRangeRows1Key', 'ReadRangeRows2Key', 'DeleteReminderRowKey', 'DeleteReminderRowsKey');
