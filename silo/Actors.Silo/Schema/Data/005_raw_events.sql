-- 005_raw_events.sql
--
-- Raw events, kept only for tenants whose retention policy names a number of days. Append-only:
-- rows leave by purge (forget, user expiry, raw-event retention), never by update.
--
-- Who (tenant, pseudonymous user reference) and when are in the clear, so that rows can be
-- found and expired without any key. Name, properties and country are in payload, sealed with
-- AES-256-GCM under the user's data key, which lives in the key store (another database, see
-- Keys/001_user_data_keys.sql). A copy of this table alone never reads; once the key is gone,
-- no copy reads.
--
-- No client IP address is stored here or anywhere: the gateway derives a country and drops it.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_raw_events
(
    tenant_id       varchar(63)  NOT NULL,
    user_reference  varchar(64)  NOT NULL,  -- base64url HMAC-SHA256 of the user id, as in grain keys
    occurred_at     timestamptz  NOT NULL,
    received_at     timestamptz  NOT NULL,
    key_id          uuid         NOT NULL,  -- the data key that sealed the payload
    nonce           bytea        NOT NULL,  -- 12 bytes
    payload         bytea        NOT NULL   -- ciphertext then 16-byte tag
);

-- Every read and purge is by user, and by time within the user.
SELECT actors_create_index_unless_present('actors_raw_events_by_user', 'ON actors_raw_events (tenant_id, user_reference, occurred_at)');
