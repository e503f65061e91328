-- 013_tenant_dedications.sql
--
-- The tenants of this cell that have silos of their own (Placement/ in the silo). A silo started
-- with Actors:DedicatedTenant records its tenant here; every silo reads the table, so a tenant
-- stays off the shared silos while its own silos are down. A row is removed by the operator only
-- (docs/operations.md, "Dedicated silos"). Tenant ids only: no personal data.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS actors_tenant_dedications
(
    tenant_id     text         PRIMARY KEY,
    dedicated_at  timestamptz  NOT NULL DEFAULT now()
);
