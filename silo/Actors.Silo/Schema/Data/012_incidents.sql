-- 012_incidents.sql
--
-- Personal data breaches (Incidents/ in the silo). An incident's assessment is computed from
-- the audit trail when it is opened and kept here: the affected users as the pseudonymous
-- references the audit trail already holds (HMACs of user ids under tenant keys), never a user
-- id; per tenant the counts and data categories; each tenant's notice and its delivery.
-- Notices go out through actors_callback_outbox, signed like request callbacks: their rows carry
-- the incident id where a request's carry the request id.
--
-- The texts (description, notice texts, step notes, security report summaries) are the
-- operator's words about the breach; docs/operations.md asks that they name no person.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_security_reports
(
    report_id    uuid         PRIMARY KEY,
    received_at  timestamptz  NOT NULL,
    recorded_at  timestamptz  NOT NULL,
    source       text         NOT NULL,
    summary      text         NOT NULL,
    reference    text         NOT NULL,  -- the operator's ticket, where the reporter's contact is kept
    incident_id  uuid
);

CREATE TABLE IF NOT EXISTS actors_incidents
(
    incident_id         uuid         PRIMARY KEY,
    detected_at         timestamptz  NOT NULL,
    opened_at           timestamptz  NOT NULL,
    description         text         NOT NULL,
    scope               jsonb        NOT NULL,  -- Incidents/IncidentScopeJson.cs
    security_report_id  uuid,
    assessment_method   text         NOT NULL,
    confirmed_at        timestamptz,
    notice_due_at       timestamptz,
    notified_at         timestamptz,
    contained_at        timestamptz,
    closed_at           timestamptz
);

-- One row per affected tenant, from the assessment; the notice columns once it is issued.
CREATE TABLE IF NOT EXISTS actors_incident_tenants
(
    incident_id       uuid         NOT NULL REFERENCES actors_incidents,
    tenant_id         varchar(63)  NOT NULL,
    affected_users    bigint       NOT NULL,
    records           bigint       NOT NULL,
    categories        text[]       NOT NULL,  -- actors_incident_categories items
    notice_body       bytea,                  -- the exact signed JSON
    notice_issued_at  timestamptz,
    -- When the webhook delivered it (copied from its outbox row, which is purged later) or the
    -- tenant first read it over gRPC, whichever came first.
    delivered_at      timestamptz,
    acknowledged_at   timestamptz,
    acknowledged_by   text,                   -- the tenant's key id
    PRIMARY KEY (incident_id, tenant_id)
);

CREATE TABLE IF NOT EXISTS actors_incident_affected
(
    incident_id     uuid         NOT NULL,
    tenant_id       varchar(63)  NOT NULL,
    user_reference  varchar(64)  NOT NULL,
    records         bigint       NOT NULL,
    PRIMARY KEY (incident_id, tenant_id, user_reference)
);

CREATE TABLE IF NOT EXISTS actors_incident_timeline
(
    incident_id  uuid         NOT NULL REFERENCES actors_incidents,
    position     integer      NOT NULL,
    at           timestamptz  NOT NULL,
    step         text         NOT NULL,
    actor        text         NOT NULL,
    note         text         NOT NULL,
    PRIMARY KEY (incident_id, position)
);

CREATE TABLE IF NOT EXISTS actors_incident_webhooks
(
    tenant_id  varchar(63)  PRIMARY KEY,
    url        text         NOT NULL,
    set_at     timestamptz  NOT NULL
);

-- The data categories an audit entry shows were involved, as "label" or "label:name" items
-- (Incidents/IncidentCategories.cs words them). Subjects name things, never values: attribute
-- names ("a,b,c"), a purpose ("marketing:granted"), a count ("events=3").
CREATE OR REPLACE FUNCTION actors_incident_categories(operation text, subject text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
    SELECT 'attributes:' || name FROM unnest(string_to_array(subject, ',')) AS name
    WHERE operation IN ('attributes.upsert', 'attribute.rectify', 'attribute.delete') AND name <> ''
    UNION ALL
    SELECT 'attributes' WHERE operation IN ('profile.read', 'user.export', 'request.export_read')
    UNION ALL
    SELECT 'consents:' || split_part(subject, ':', 1) WHERE operation = 'consent.record'
    UNION ALL
    SELECT 'consents' WHERE operation IN ('consents.read', 'user.export', 'request.export_read')
    UNION ALL
    SELECT 'events' WHERE operation IN ('events.record', 'activity.read', 'user.export', 'request.export_read')
    UNION ALL
    SELECT 'suppression' WHERE operation IN ('user.suppress', 'user.unsuppress')
    UNION ALL
    SELECT 'requests' WHERE operation = 'request.transition'
    UNION ALL
    -- A user's stored state whose writes the audit retention cut (Incidents/IncidentAssessment.cs).
    SELECT category FROM unnest(ARRAY['attributes', 'consents']) AS category WHERE operation = 'state.held'
$$;

-- A leaked key's incident starts from the key's issue: which tenant it belongs to, and that it
-- was ever issued. One row per key, so the index is a few pages whatever the trail's size, and
-- the assessment then reads only that tenant's part of the trail (its primary key) rather than
-- every tenant's. Built in the migration's transaction on an existing trail, like 007's index.
SELECT actors_create_index_unless_present('actors_audit_key_issues',
    $$ON actors_audit (subject) INCLUDE (tenant_id) WHERE operation = 'key.issue'$$);
