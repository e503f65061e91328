-- 002_orleans_storage.sql
--
-- Our own PostgreSQL schema for the Orleans ADO.NET grain storage provider
-- (Microsoft.Orleans.Persistence.AdoNet 10.4.x, invariant "Npgsql"). Written for Actors.
--
-- One row per grain state. The provider identifies a state by
--   ServiceId + grain type (hash and name) + grain id (hash, N0, N1, extension string)
-- and passes those values as parameters on every call. The hashes are only there to make
-- lookups cheap; the full natural key is always compared as well, because hashes collide.
--
-- Optimistic concurrency: Version is the state's ETag. The provider sends the version it last
-- saw (@GrainStateVersion, NULL if it never saw a row) and expects the new version back.
-- Getting anything else back (NULL, no row, or the same number) makes it throw
-- InconsistentStateException, which is exactly what a conflicting write must do.
--
-- The serialized state goes into PayloadBinary only: the 10.x provider binds @PayloadBinary
-- when writing and reads the column named PayloadBinary (NULL = no state) and Version back.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    -- Surrogate key: the provider never reads it, but it gives every row a stable identity
    -- (replica identity, maintenance tools) that the nullable natural key cannot.
    Id                     bigint GENERATED ALWAYS AS IDENTITY,

    ServiceId              varchar(150) NOT NULL,  -- ClusterOptions.ServiceId
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,  -- grain type, generic arguments normalised by the provider
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,  -- Guid keys: first 8 bytes; otherwise 0
    GrainIdN1              bigint       NOT NULL,  -- Guid keys: last 8 bytes; integer keys: the key; otherwise 0
    GrainIdExtensionString varchar(512) NULL,      -- string keys: the key; compound keys: the extension

    PayloadBinary          bytea        NULL,      -- serialized state; NULL after a clear
    Version                integer      NOT NULL,  -- the ETag; 1 on first write, +1 on every write or clear
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT PK_OrleansStorage PRIMARY KEY (Id)
);

-- Every query narrows by the two hashes first; the rest of the key is checked on the few rows found.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_GrainIdHash_GrainTypeHash
    ON OrleansStorage (GrainIdHash, GrainTypeHash);


-- Writes one grain state, returning the new version, or NULL when the caller's version is stale.
--
--   p_expected_version NULL     -> first write: insert with version 1, unless a row already exists
--                                  (then another activation got there first: return NULL).
--   p_expected_version given    -> update only if the stored version still equals it; version + 1.
--
-- There is no unique constraint on the natural key (the extension string is nullable and may be
-- long), so two concurrent first writes could both pass a NOT EXISTS check. A transaction-scoped
-- advisory lock on the (grain type hash, grain id hash) pair serialises exactly those inserts;
-- the INSERT below then runs with a fresh snapshot and sees a row committed by the other writer.
-- (The two-integer advisory lock key space never overlaps the single-bigint one.)
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash        integer,
    p_grain_id_n0          bigint,
    p_grain_id_n1          bigint,
    p_grain_type_hash      integer,
    p_grain_type           text,
    p_grain_id_extension   text,
    p_service_id           text,
    p_expected_version     integer,
    p_payload              bytea)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $function$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        PERFORM pg_advisory_xact_lock(p_grain_type_hash, p_grain_id_hash);

        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeHash, GrainTypeString, GrainIdHash, GrainIdN0, GrainIdN1,
             GrainIdExtensionString, PayloadBinary, Version, ModifiedOn)
        SELECT
             p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_extension, p_payload, 1, now()
        WHERE NOT EXISTS
        (
            SELECT 1
            FROM OrleansStorage s
            WHERE s.GrainIdHash = p_grain_id_hash
              AND s.GrainTypeHash = p_grain_type_hash
              AND s.GrainIdN0 = p_grain_id_n0
              AND s.GrainIdN1 = p_grain_id_n1
              AND s.GrainTypeString = p_grain_type
              AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
              AND s.ServiceId = p_service_id
        )
        RETURNING Version INTO v_new_version;
    ELSE
        UPDATE OrleansStorage s
        SET PayloadBinary = p_payload,
            Version       = s.Version + 1,
            ModifiedOn    = now()
        WHERE s.GrainIdHash = p_grain_id_hash
          AND s.GrainTypeHash = p_grain_type_hash
          AND s.GrainIdN0 = p_grain_id_n0
          AND s.GrainIdN1 = p_grain_id_n1
          AND s.GrainTypeString = p_grain_type
          AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
          AND s.ServiceId = p_service_id
          AND s.Version = p_expected_version
        RETURNING s.Version INTO v_new_version;
    END IF;

    -- NULL when nothing was written: the provider turns that into InconsistentStateException.
    RETURN v_new_version;
END
$function$;


-- The query texts. Parameter names and result column names are the provider's contract
-- (result columns are matched by name, case-insensitively).
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey',
    $sql$SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
       @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion;$sql$
),
(
    'ReadFromStorageKey',
    $sql$SELECT s.PayloadBinary, s.Version
FROM OrleansStorage s
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.ServiceId = @ServiceId;$sql$
),
(
    -- Default clear: keep the row, drop the payload, bump the version (the grain keeps the ETag).
    'ClearStorageKey',
    $sql$UPDATE OrleansStorage s
SET PayloadBinary = NULL,
    Version       = s.Version + 1,
    ModifiedOn    = now()
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.ServiceId = @ServiceId
  AND s.Version = @GrainStateVersion
RETURNING s.Version AS NewGrainStateVersion;$sql$
),
(
    -- Clear with AdoNetGrainStorageOptions.DeleteStateOnClear = true: remove the row entirely.
    -- The provider only checks that the returned number differs from the ETag it sent, then
    -- forgets the ETag; so report version + 1, as a successful clear would.
    'DeleteStorageKey',
    $sql$DELETE FROM OrleansStorage s
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.ServiceId = @ServiceId
  AND s.Version = @GrainStateVersion
RETURNING s.Version + 1 AS NewGrainStateVersion;$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
