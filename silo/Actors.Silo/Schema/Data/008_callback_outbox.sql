-- 008_callback_outbox.sql
--
-- Status callbacks of data subject requests (OpenDSR), waiting to be delivered. A row is written
-- in the same transaction as the request's status change, so no transition is acknowledged
-- without its callbacks, and none is lost by a restart. Each silo's dispatcher claims due rows
-- (FOR UPDATE SKIP LOCKED), POSTs the body signed with the platform's key, and marks the row
-- delivered, or retries it with backoff until it expires.
--
-- The body is the exact JSON to sign and send; it names the request and its status, never the
-- data subject.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_callback_outbox
(
    delivery_id      bigserial    PRIMARY KEY,
    tenant_id        varchar(63)  NOT NULL,
    request_id       uuid         NOT NULL,
    url              text         NOT NULL,
    body             bytea        NOT NULL,
    created_at       timestamptz  NOT NULL,
    next_attempt_at  timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    delivered_at     timestamptz,
    gave_up_at       timestamptz,
    last_error       text
);

-- The dispatcher's scan: only rows still to deliver, by when they are due.
SELECT actors_create_index_unless_present('actors_callback_outbox_due', 'ON actors_callback_outbox (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL');

-- Callbacks of one request to one URL go out in order of their transitions.
SELECT actors_create_index_unless_present('actors_callback_outbox_by_request', 'ON actors_callback_outbox (tenant_id, request_id, url, delivery_id)');

-- Wakes every silo's dispatcher as soon as a transition commits, instead of waiting for its poll.
CREATE OR REPLACE FUNCTION actors_callback_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('actors_callbacks', '');
    RETURN NULL;
END;
$$;

-- Created only when missing: creating a trigger locks the table that running silos write to.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'actors_callback_outbox_inserted') THEN
        CREATE TRIGGER actors_callback_outbox_inserted
            AFTER INSERT ON actors_callback_outbox
            FOR EACH STATEMENT EXECUTE FUNCTION actors_callback_outbox_notify();
    END IF;
END
$$;
