-- 007_audit.sql
--
-- The audit trail: every read of personal data, every change, every request transition, every
-- key issued or revoked. Append-only, and hash-chained per tenant: each row's hash covers its
-- fields, its seq and the previous row's hash (Audit/AuditChain.cs defines the bytes), so an
-- edited, deleted or inserted row breaks the chain where `verify-audit` recomputes it.
--
-- No personal data: the user is the pseudonymous reference (HMAC of the user id under a tenant
-- key, as in grain keys), the actor a key id; subjects name things (attributes, purposes, keys),
-- never values.
--
-- Rows leave only by the retention cut (Audit/AuditRetention.cs): in one transaction it writes
-- a checkpoint signed with the platform's key at the newest expired row, then deletes the rows
-- up to it; verification starts from the newest checkpoint. The trigger below refuses any other
-- UPDATE, DELETE or TRUNCATE. It is a guard against mistakes, not against an attacker with
-- database rights (who can disable it): the chain is what detects that.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_audit
(
    tenant_id       varchar(63)  NOT NULL,
    seq             bigint       NOT NULL,  -- 1, 2, 3, ... per tenant, without gaps
    at              timestamptz  NOT NULL,
    actor           text         NOT NULL,  -- an API key id, "operator", "platform" or "request {id}"
    operation       text         NOT NULL,  -- Abstractions/Audit/AuditOperations.cs
    user_reference  varchar(64),            -- base64url HMAC-SHA256 of the user id; null for tenant-wide entries
    subject         text         NOT NULL,
    prev_hash       bytea        NOT NULL,  -- the previous row's hash; 32 zero bytes before seq 1
    hash            bytea        NOT NULL,  -- SHA-256, see AuditChain.cs
    PRIMARY KEY (tenant_id, seq)
);

-- A tenant lists one user's entries. The key leaves seq out on purpose: a user's entries then
-- share one key, which B-tree deduplication stores once with a list of row pointers, so an entry
-- costs the index a few bytes instead of a key of its own. Every read of personal data adds an
-- entry, and with seq in the key this index was larger than the rows it indexes (150 to 180
-- bytes an entry) and a third of PostgreSQL's work per audited read (docs/benchmarks.md, run K).
-- A listing sorts the user's entries it finds; for a user with a large share of the tenant's
-- entries the planner walks the primary key in seq order instead.
-- On a database of an earlier version the index is built here, in the migration's transaction,
-- which holds back the audit trail's writers meanwhile; docs/operations.md says how to build it
-- beforehand without that. A build of that kind that failed leaves an invalid index of this
-- name, which is dropped and built again here, holding back readers too; one still running
-- (seen in pg_stat_progress_create_index) is left to finish.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('actors_audit_by_user_reference') AND NOT indisvalid)
       AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index WHERE index_relid = to_regclass('actors_audit_by_user_reference')) THEN
        DROP INDEX actors_audit_by_user_reference;
    END IF;
END $$;
SELECT actors_create_index_unless_present('actors_audit_by_user_reference',
    'ON actors_audit (tenant_id, user_reference) WHERE user_reference IS NOT NULL');

-- The earlier index, (tenant_id, user_reference, seq), goes once this one is whole. Dropping it
-- waits for every reader of the trail, and readers arriving meanwhile queue behind the drop: if
-- it cannot have the table within two seconds it is left for a later start (it only costs space
-- and write time meanwhile).
DO $$
DECLARE
    earlier_timeout text := current_setting('lock_timeout');
BEGIN
    IF to_regclass('actors_audit_by_user') IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('actors_audit_by_user_reference') AND indisvalid) THEN
        PERFORM set_config('lock_timeout', '2s', true);
        BEGIN
            DROP INDEX actors_audit_by_user;
        EXCEPTION WHEN lock_not_available THEN
            RAISE NOTICE 'actors_audit_by_user is left for a later start: the audit trail is in use';
        END;
        PERFORM set_config('lock_timeout', earlier_timeout, true);
    END IF;
END $$;

-- The chain's end per tenant, so that deleting the newest rows is detected too. Writers lock
-- it (SELECT ... FOR UPDATE) for the length of their transaction, which orders the writers of
-- one tenant across silos.
CREATE TABLE IF NOT EXISTS actors_audit_heads
(
    tenant_id  varchar(63)  PRIMARY KEY,
    seq        bigint       NOT NULL,  -- 0 before the first entry
    hash       bytea        NOT NULL,
    -- Each commit signs the head it leaves (ECDSA P-256, DER, over AuditChain.HeadBytes), so the
    -- newest entries cannot be deleted and the head moved back without the platform's key.
    signature  bytea
);

-- Where the retention cut the chain: the row at seq was the last deleted, hash was its hash.
-- signature is ECDSA P-256 (DER) by the platform's signing key over AuditChain.CheckpointBytes.
CREATE TABLE IF NOT EXISTS actors_audit_checkpoints
(
    tenant_id  varchar(63)  NOT NULL,
    seq        bigint       NOT NULL,
    hash       bytea        NOT NULL,
    cut_at     timestamptz  NOT NULL,
    key_id     text         NOT NULL,  -- PlatformSigningKey.KeyId
    signature  bytea        NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

CREATE OR REPLACE FUNCTION actors_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS
$$
BEGIN
    IF current_setting('actors.audit_cut', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION '% on % refused: the audit trail is append-only (only the retention cut removes rows)', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

-- Per statement: one check however many rows the retention cut deletes. Created only when
-- missing: creating a trigger locks its table, and a silo starting beside running ones must not
-- wait on (or deadlock with) their audit writes.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'actors_audit_append_only') THEN
        CREATE TRIGGER actors_audit_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON actors_audit
            FOR EACH STATEMENT EXECUTE FUNCTION actors_audit_refuse_change();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'actors_audit_checkpoints_append_only') THEN
        CREATE TRIGGER actors_audit_checkpoints_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON actors_audit_checkpoints
            FOR EACH STATEMENT EXECUTE FUNCTION actors_audit_refuse_change();
    END IF;
END
$$;
