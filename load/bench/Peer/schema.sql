-- The straightforward build's grain state, in a database of its own (actors_bench_peer): one
-- table and the three queries the Orleans ADO.NET grain storage runs, under the keys it reads
-- from OrleansQuery at start. Written here to the provider's contract (its parameter names, and
-- a write that returns the new version, or the old one when its version check fails), in plain
-- SQL. Idempotent.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

CREATE TABLE IF NOT EXISTS peer_grain_state
(
    service_id     varchar(150) NOT NULL,
    grain_type     varchar(512) NOT NULL,
    grain_id_n0    bigint       NOT NULL,
    grain_id_n1    bigint       NOT NULL,
    grain_key      varchar(512),
    grain_id_hash  integer      NOT NULL,
    grain_type_hash integer     NOT NULL,
    payload        bytea,
    version        integer      NOT NULL,
    modified_on    timestamptz  NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT payload AS PayloadBinary, version AS Version
      FROM peer_grain_state
     WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_key IS NOT DISTINCT FROM @GrainIdExtensionString AND @GrainIdHash IS NOT NULL AND @GrainTypeHash IS NOT NULL'),
('WriteToStorageKey', '
    WITH inserted AS (
        INSERT INTO peer_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_key, grain_id_hash, grain_type_hash, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
         WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version),
    updated AS (
        UPDATE peer_grain_state SET payload = @PayloadBinary, version = version + 1, modified_on = now()
         WHERE @GrainStateVersion::integer IS NOT NULL AND version = @GrainStateVersion::integer
           AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
           AND grain_key IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING version)
    SELECT COALESCE((SELECT version FROM inserted), (SELECT version FROM updated), @GrainStateVersion::integer) AS NewGrainStateVersion'),
('ClearStorageKey', '
    UPDATE peer_grain_state SET payload = NULL, version = version + 1, modified_on = now()
     WHERE version = @GrainStateVersion::integer
       AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_key IS NOT DISTINCT FROM @GrainIdExtensionString AND @GrainIdHash IS NOT NULL AND @GrainTypeHash IS NOT NULL
    RETURNING version AS NewGrainStateVersion')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
