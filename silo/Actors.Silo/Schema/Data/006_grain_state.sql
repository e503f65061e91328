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
-- and read. Set once; a later start finds it and takes no lock. On a database of an earlier
-- version the ALTER waits for every transaction on grain state, and writers arriving meanwhile
-- queue behind it: if it cannot have the table within two seconds it is left for a later start
-- (values keep the compression they were written with either way). A server built without lz4
-- keeps the default.
DO $$
DECLARE
    earlier_timeout text := current_setting('lock_timeout');
BEGIN
    IF (SELECT attcompression FROM pg_attribute WHERE attrelid = 'actors_grain_state'::regclass AND attname = 'payload') IS DISTINCT FROM 'l' THEN
        PERFORM set_config('lock_timeout', '2s', true);
        BEGIN
            ALTER TABLE actors_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
        EXCEPTION
            WHEN lock_not_available THEN
                RAISE NOTICE 'lz4 for actors_grain_state.payload is left for a later start: grain state is in use';
            WHEN feature_not_supported THEN
                NULL;
        END;
        PERFORM set_config('lock_timeout', earlier_timeout, true);
    END IF;
END $$;
