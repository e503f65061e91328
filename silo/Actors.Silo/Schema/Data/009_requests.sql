-- 009_requests.sql
--
-- Data subject requests (access, portability, erasure, rectification, restriction, objection).
-- Each row is one request grain's state: the whole state as JSON, plus the columns a tenant's
-- queries filter on (status, type, deadlines). The request grain writes its row and the
-- request's status callbacks (008) in one transaction.
--
-- due_at and target_at are the running legal deadline and SLA target; NULL while the clock is
-- stopped for identity verification, and once the request is final.
--
-- The state holds the subject's user id only while an access or portability request is open
-- (its export names the user), and corrected values only while a rectification is open.
-- user_reference is the subject's pseudonym: an erasure finds the subject's other requests by it.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_requests
(
    tenant_id       varchar(63)  NOT NULL,
    request_id      uuid         NOT NULL,
    version         bigint       NOT NULL,
    request_type    varchar(16)  NOT NULL,
    user_reference  varchar(64)  NOT NULL,
    status          varchar(16)  NOT NULL,
    received_at     timestamptz  NOT NULL,
    due_at          timestamptz,
    target_at       timestamptz,
    state           jsonb        NOT NULL,
    PRIMARY KEY (tenant_id, request_id)
);

-- Listing in order of receipt, and the due-soon and overdue queries over open requests.
SELECT actors_create_index_unless_present('actors_requests_by_receipt', 'ON actors_requests (tenant_id, received_at, request_id)');
SELECT actors_create_index_unless_present('actors_requests_by_subject', 'ON actors_requests (tenant_id, user_reference)');
SELECT actors_create_index_unless_present('actors_requests_open_by_due', 'ON actors_requests (tenant_id, due_at) WHERE due_at IS NOT NULL');
