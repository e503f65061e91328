-- 002_migration_helpers.sql
--
-- What the later scripts use to stay idempotent without locking a table that is already as
-- they want it: the scripts run at every silo start, under load (Storage/SchemaMigration.cs).

-- Creates an index unless one of that name exists. CREATE INDEX IF NOT EXISTS locks the table
-- before it looks for the name, so a start would wait for every writer of the table and hold
-- the later ones back until its migration commits. The name is taken as written (unquoted, so
-- folded to lower case), as the indexes were named before this function.
CREATE OR REPLACE FUNCTION actors_create_index_unless_present(index_name text, target text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass(index_name) IS NULL THEN
        EXECUTE format('CREATE INDEX %s %s', index_name, target);
    END IF;
END $$;

-- Adds a column unless the table has it. ALTER TABLE ... ADD COLUMN IF NOT EXISTS takes the
-- table's exclusive lock before it looks, as CREATE INDEX IF NOT EXISTS does.
CREATE OR REPLACE FUNCTION actors_add_column_unless_present(table_name text, column_name text, column_type text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(table_name) AND attname = column_name AND NOT attisdropped) THEN
        EXECUTE format('ALTER TABLE %I ADD COLUMN %I %s', table_name, column_name, column_type);
    END IF;
END $$;
