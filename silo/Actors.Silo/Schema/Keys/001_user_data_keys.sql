-- Keys/001_user_data_keys.sql
--
-- The key store: its own database (setting Actors:KeyStore), apart from the data. One data key
-- per user who has raw events, wrapped with AES-256-GCM by the tenant's key-encryption key,
-- which is derived from the master key (configuration only, never stored). Deleting a row is
-- crypto-shredding: that user's raw events, in the data database and in every backup of it,
-- can no longer be read. Back this database up on a short cycle, so that a destroyed key
-- leaves the key store's backups soon as well.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_user_data_keys
(
    tenant_id       varchar(63)  NOT NULL,
    user_reference  varchar(64)  NOT NULL,
    key_id          uuid         NOT NULL,
    nonce           bytea        NOT NULL,
    wrapped_key     bytea        NOT NULL,  -- 32-byte key, then 16-byte tag
    created_at      timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, user_reference)
);
