-- The peer's grain storage, written to the contract of Orleans' ADO.NET grain storage
-- (Microsoft.Orleans.Persistence.AdoNet): the queries it runs are looked up by key in
-- OrleansQuery; it binds the parameters @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
-- @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion and @PayloadBinary,
-- reads PayloadBinary and Version back, and takes a write as done when NewGrainStateVersion is
-- the version it sent plus one. The package ships no scripts; this one is ours, keyed by a
-- primary key so that a write is one indexed update (or one insert for a new grain).
CREATE TABLE IF NOT EXISTS OrleansQuery (QueryKey varchar(64) PRIMARY KEY, QueryText varchar(8000) NOT NULL);

CREATE TABLE IF NOT EXISTS OrleansStorage (
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NOT NULL DEFAULT '',
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea,
    ModifiedOn timestamptz NOT NULL,
    Version integer NOT NULL,
    PRIMARY KEY (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId));

-- A known version updates that row only if it is still at that version; no version inserts a
-- first row only if there is none. Either way one row answers: the new version, or the one
-- sent (a conflict, which the provider raises as InconsistentStateException).
CREATE OR REPLACE FUNCTION peer_write_state(_hash integer, _n0 bigint, _n1 bigint, _typehash integer, _type varchar,
    _extension varchar, _service varchar, _version integer, _payload bytea)
RETURNS TABLE (NewGrainStateVersion integer) LANGUAGE plpgsql AS $$
DECLARE _written integer;
BEGIN
    IF _version IS NOT NULL THEN
        UPDATE OrleansStorage SET PayloadBinary = _payload, ModifiedOn = now(), Version = Version + 1
        WHERE GrainIdHash = _hash AND GrainTypeHash = _typehash AND GrainIdN0 = _n0 AND GrainIdN1 = _n1
          AND GrainTypeString = _type AND GrainIdExtensionString = coalesce(_extension, '') AND ServiceId = _service
          AND Version = _version
        RETURNING Version INTO _written;
    ELSE
        INSERT INTO OrleansStorage VALUES (_hash, _n0, _n1, _typehash, _type, coalesce(_extension, ''), _service, _payload, now(), 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO _written;
    END IF;
    RETURN QUERY SELECT coalesce(_written, _version);
END $$;

INSERT INTO OrleansQuery VALUES
('WriteToStorageKey', 'SELECT NewGrainStateVersion FROM peer_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)'),
('ReadFromStorageKey', 'SELECT PayloadBinary, now() AS ModifiedOn, Version FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''') AND ServiceId = @ServiceId'),
('ClearStorageKey', 'UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''') AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion'),
('DeleteStorageKey', 'DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''') AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
