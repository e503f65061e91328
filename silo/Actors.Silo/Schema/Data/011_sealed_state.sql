-- 011_sealed_state.sql
--
-- Personal state sealed under the user's data key (Sealing/PersonalSealing.cs). A user's grain
-- state row holds the key's id and the nonce in clear beside the sealed payload; a tombstone,
-- a tenant's state, and a row written before this version keep key_id NULL and a clear payload.
-- Rows of an earlier version are sealed by their grain's next write, not here: sealing needs
-- the user's key, which the database does not have.
--
-- A request keeps its subject (user id, corrected values) sealed the same way, outside the
-- clear state that its listings read.
--
-- Idempotent: applying it again changes nothing.

SELECT actors_add_column_unless_present('actors_grain_state', 'key_id', 'uuid');
SELECT actors_add_column_unless_present('actors_grain_state', 'nonce', 'bytea');

SELECT actors_add_column_unless_present('actors_requests', 'subject_key_id', 'uuid');
SELECT actors_add_column_unless_present('actors_requests', 'subject_nonce', 'bytea');
SELECT actors_add_column_unless_present('actors_requests', 'sealed_subject', 'bytea');
