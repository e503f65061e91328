-- 006_grain_state.sql
--
-- Grain state, written by our own storage provider (Storage/PostgresGrainStorage.cs), which
-- commits the writes of many grains together (group commit) instead of one transaction each.
-- One row per grain and state name. Version is the ETag: a write names the version it read
-- and succeeds only if the row still has it, so two activations of one grain cannot both
-- commit. The payload is the state as JSON (Storage/JsonGrainStateSerializer.cs).
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_grain_state
(
    service_id   varchar(150) NOT NULL,  -- ClusterOptions.ServiceId
    grain_id     text         NOT NULL,  -- GrainId as text: "user/{tenant}/{user reference}", "tenant/{tenant}"
    state_name   varchar(150) NOT NULL,
    version      integer      NOT NULL,
    payload      bytea        NOT NULL,
    modified_on  timestamptz  NOT NULL,
    PRIMARY KEY (service_id, grain_id, state_name)
);

-- A payload over about 2 KB (a user with a long consent history) is compressed before it is
-- stored. lz4 costs a fraction of the CPU of PostgreSQL's default (pglz), on every such write
-- and read. Set once: the ALTER takes the table's lock, so a later start leaves it as it is. A
-- server built without lz4 keeps the default.
DO $$
BEGIN
    IF (SELECT attcompression FROM pg_attribute WHERE attrelid = 'actors_grain_state'::regclass AND attname = 'payload') IS DISTINCT FROM 'l' THEN
        ALTER TABLE actors_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END $$;
