-- 010_request_exports.sql
--
-- The exports produced by access and portability requests, kept for the tenant's export
-- retention (7 days by default) and deleted by the request's timer after. The document is
-- sealed with AES-256-GCM under the user's data key (key store), so erasing the user, which
-- destroys that key, makes every copy unreadable at once; the rows are purged with it.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_request_exports
(
    tenant_id       varchar(63)  NOT NULL,
    request_id      uuid         NOT NULL,
    user_reference  varchar(64)  NOT NULL,
    key_id          uuid         NOT NULL,
    nonce           bytea        NOT NULL,
    payload         bytea        NOT NULL,
    expires_at      timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, request_id)
);

SELECT actors_create_index_unless_present('actors_request_exports_by_user', 'ON actors_request_exports (tenant_id, user_reference)');
