-- 001_orleans_queries_table.sql
--
-- Our own PostgreSQL schema for the Orleans ADO.NET providers we use (clustering and
-- reminders; Microsoft.Orleans.*.AdoNet 10.4.x, invariant "Npgsql"). Written for Actors.
-- Grain state has a provider of our own (006_grain_state.sql).
--
-- This file creates the query catalogue. The providers never build SQL of their own: at
-- start-up each one runs "SELECT QueryKey, QueryText FROM OrleansQuery" and afterwards only
-- executes the texts it found there, binding its parameters by name (@DeploymentId, ...).
-- The later files (003, 004) put their tables, functions and query texts in place.
--
-- The name is left unquoted on purpose: the providers' own SELECT is unquoted, so both sides
-- fold to the same lower-case identifier (orleansquery) in the search_path's first schema.
--
-- Idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,  -- the name a provider looks the text up by, e.g. 'UpsertReminderRowKey'
    QueryText text        NOT NULL,  -- the SQL the provider executes for that key

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
