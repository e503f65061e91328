using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.EndToEnd.Tests;

/// <summary>The schema applied again, as at every silo start, to a database in use, on a real PostgreSQL.</summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public async Task Applying_the_schema_again_waits_for_no_writer_of_any_table()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        // A writer of every table of the schema, in a transaction still open, as under load.
        await using var writer = await database.OpenAsync();
        await writer.ExecuteAsync("""
            BEGIN;
            DO $$
            BEGIN
                EXECUTE (SELECT 'LOCK TABLE ' || string_agg(format('%I', tablename), ', ') || ' IN ROW EXCLUSIVE MODE'
                         FROM pg_tables WHERE schemaname = current_schema());
            END $$;
            """);

        await using var migration = await database.OpenAsync();
        await migration.ExecuteAsync("SET lock_timeout = '5s'");
        await using var transaction = await migration.BeginTransactionAsync();
        foreach (var (name, sql) in SchemaMigration.Scripts("Data"))
        {
            // A script that locked a table before finding its index in place would wait for the
            // writer here and fail with a lock timeout.
            var failure = await Record.ExceptionAsync(() => migration.ExecuteAsync(sql));
            Assert.True(failure is null, $"{name}: {failure?.Message}");
        }
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_writer_of_grain_state_in_the_way_leaves_lz4_for_a_later_start()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("ALTER TABLE actors_grain_state ALTER COLUMN payload SET COMPRESSION pglz"); // as an earlier version left it
        await using var writer = await database.OpenAsync();
        await writer.ExecuteAsync("BEGIN; LOCK TABLE actors_grain_state IN ROW EXCLUSIVE MODE;");

        await connection.ApplyDataSchemaAsync();
        Assert.Equal("p", await PayloadCompressionAsync(connection));

        await writer.ExecuteAsync("COMMIT");
        await connection.ApplyDataSchemaAsync();
        Assert.Equal("l", await PayloadCompressionAsync(connection));
    }

    private static async Task<string> PayloadCompressionAsync(NpgsqlConnection connection)
    {
        await using var select = new NpgsqlCommand(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'actors_grain_state'::regclass AND attname = 'payload'", connection);
        return (string)(await select.ExecuteScalarAsync())!;
    }
}
