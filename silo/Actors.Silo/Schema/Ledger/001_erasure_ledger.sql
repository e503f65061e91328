-- Ledger/001_erasure_ledger.sql
--
-- The erasure ledger: its own database (setting Actors:ErasureLedger), apart from the data and
-- from the key store, and never restored from a backup. One row per destroyed data key: whose
-- it was (tenant and the user's reference, an HMAC), why (a forget or an inactivity expiry) and
-- when. No personal data. After a restore of the data, or of an older key store, the platform
-- reads it to destroy such keys again and to treat rows sealed under them as erased, so a
-- restore never brings a forgotten user back.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_erasure_ledger
(
    key_id          uuid         PRIMARY KEY,
    tenant_id       varchar(63)  NOT NULL,
    user_reference  varchar(64)  NOT NULL,
    kind            varchar(16)  NOT NULL,  -- forgotten | expired
    erased_at       timestamptz  NOT NULL
);
