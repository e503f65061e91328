-- 003_orleans_clustering.sql
--
-- Our own PostgreSQL schema for the Orleans ADO.NET clustering (membership) provider
-- (Microsoft.Orleans.Clustering.AdoNet 10.4.x, invariant "Npgsql"). Written for Actors.
--
-- Orleans' membership protocol keeps, per cluster, one version row plus one row per silo.
-- The provider passes ClusterOptions.ClusterId as @DeploymentId. Every change to the silo rows
-- (other than a heartbeat) must bump the version row, and only if the version the writer read
-- (@Version) is still current: that version check is what makes concurrent membership
-- decisions safe. A write that loses returns 0 and must leave nothing behind.
--
-- At start-up the provider refuses to run ("Not all required queries found") unless ALL of
-- these keys exist: GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
-- InsertMembershipVersionKey, UpdateIAmAlivetimeKey, InsertMembershipKey, UpdateMembershipKey,
-- DeleteMembershipTableEntriesKey, CleanupDefunctSiloEntriesKey.
-- CleanupDefunctSiloEntryKey is optional; when present, 10.4.x uses it instead of the bulk
-- CleanupDefunctSiloEntriesKey to delete each defunct silo row it picked, one row at a time.
--
-- Silo status numbers (Orleans.Runtime.SiloStatus): 0 None, 1 Created, 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,            -- ClusterOptions.ClusterId
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,  -- the membership table's ETag

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,  -- textual IPv4/IPv6 address (45 = longest IPv6 form)
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,  -- Address + Port + Generation = the SiloAddress
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,  -- SiloStatus, see above
    ProxyPort    integer        NOT NULL,  -- gateway port; 0 when the silo is no gateway
    SuspectTimes varchar(8000)  NULL,      -- "silo,time|silo,time": who suspects this silo, and when
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,  -- last heartbeat

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);


-- Adds a silo row, bumping the cluster version if @Version is still current.
-- Returns 1 on success, 0 if the version moved on or the silo row already exists; in both
-- cases nothing is changed. The version row is updated first, which also locks it, so all
-- membership writers of a cluster queue up in the same order (no deadlocks). If the silo row
-- then turns out to exist, the unique violation rolls back the block, version bump included.
-- (Explicit error handling rather than ASSERT, which plpgsql.check_asserts = off would disable.)
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $function$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable v
        SET Version   = v.Version + 1,
            Timestamp = now()
        WHERE v.DeploymentId = p_deployment_id
          AND v.Version = p_expected_version;

        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
             SuspectTimes, StartTime, IAmAliveTime)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
             NULL, p_start_time, p_i_am_alive_time);

        RETURN 1;
    EXCEPTION
        WHEN unique_violation THEN
            RETURN 0;
    END;
END
$function$;


-- Changes a silo row's status, suspicions and heartbeat, bumping the cluster version if
-- @Version is still current. Returns 1 on success, 0 (and changes nothing) otherwise.
-- A heartbeat written in between by the silo itself is newer than the writer's copy of the
-- row, so the heartbeat time never moves backwards here.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $function$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable v
        SET Version   = v.Version + 1,
            Timestamp = now()
        WHERE v.DeploymentId = p_deployment_id
          AND v.Version = p_expected_version;

        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE OrleansMembershipTable m
        SET Status       = p_status,
            SuspectTimes = p_suspect_times,
            IAmAliveTime = GREATEST(m.IAmAliveTime, p_i_am_alive_time)
        WHERE m.DeploymentId = p_deployment_id
          AND m.Address = p_address
          AND m.Port = p_port
          AND m.Generation = p_generation;

        IF NOT FOUND THEN
            -- No such silo: undo the version bump by failing the block.
            RAISE EXCEPTION USING ERRCODE = 'OR404', MESSAGE = 'membership row not found';
        END IF;

        RETURN 1;
    EXCEPTION
        WHEN SQLSTATE 'OR404' THEN
            RETURN 0;
    END;
END
$function$;


-- The query texts. Parameter names and result column names are the provider's contract
-- (result columns are matched by name, case-insensitively; single-value results by position).
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Creates the cluster's version row if missing. Result: 1 if created, 0 if it existed.
    'InsertMembershipVersionKey',
    $sql$WITH created AS
(
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS RowsCreated FROM created;$sql$
),
(
    'InsertMembershipKey',
    $sql$SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
       @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Succeeded;$sql$
),
(
    'UpdateMembershipKey',
    $sql$SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
       @SuspectTimes, @IAmAliveTime, @Version) AS Succeeded;$sql$
),
(
    -- Heartbeat: the silo's own row only, no version bump; the result is not checked.
    'UpdateIAmAlivetimeKey',
    $sql$UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation;$sql$
),
(
    -- One silo plus the cluster version. The outer join still yields the version when the silo
    -- row is missing (StartTime NULL tells the provider "no entry"); one statement, one snapshot.
    'MembershipReadRowKey',
    $sql$SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;$sql$
),
(
    'MembershipReadAllKey',
    $sql$SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;$sql$
),
(
    -- Gateways for clients: @Status is Active (3); silos without a gateway have ProxyPort 0.
    'GatewaysQueryKey',
    $sql$SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;$sql$
),
(
    -- Drops a whole cluster (tests / tooling): silo rows first because of the foreign key.
    'DeleteMembershipTableEntriesKey',
    $sql$DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;$sql$
),
(
    -- Bulk clean-up of defunct silos, @IAmAliveTime being the cut-off. Only used when the
    -- per-row query below is absent, but required at start-up all the same. Conservative:
    -- only Dead silos that started and last beat before the cut-off and are suspected by no one.
    -- No version bump: Dead rows no longer take part in membership decisions.
    'CleanupDefunctSiloEntriesKey',
    $sql$DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND StartTime < @IAmAliveTime
  AND IAmAliveTime < @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = '';$sql$
),
(
    -- Per-row clean-up (10.4.x): the provider has read all rows, picked a Dead silo that is
    -- old enough, and now deletes it only if the row still holds exactly the values it read
    -- (status, start, heartbeat, suspicions), so a concurrent change keeps the row.
    -- NULL and '' both mean "no suspicions".
    'CleanupDefunctSiloEntryKey',
    $sql$DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');$sql$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
