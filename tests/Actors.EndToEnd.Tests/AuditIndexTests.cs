using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Audit;
using Actors.Silo.Hosting;
using Actors.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The index that lists one user's audit entries, on a real PostgreSQL: keyed by the user alone,
/// so that B-tree deduplication keeps one key per user, and put in place of the earlier index
/// (seq in its key) when the schema is applied to a database made before; and the listing
/// planned for the user it lists, though the platform's statements are prepared.
/// </summary>
public sealed class AuditIndexTests
{
    [Fact]
    public async Task Applying_the_schema_to_a_database_with_the_earlier_index_leaves_only_the_index_keyed_by_the_user()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("""
            DROP INDEX actors_audit_by_user_reference;
            CREATE INDEX actors_audit_by_user ON actors_audit (tenant_id, user_reference, seq) WHERE user_reference IS NOT NULL;
            """);

        await connection.ApplyDataSchemaAsync();

        Assert.Equal(
            [
                ("actors_audit_by_user_reference", "(tenant_id, user_reference) WHERE (user_reference IS NOT NULL)"),
                ("actors_audit_key_issues", "(subject) INCLUDE (tenant_id) WHERE (operation = 'key.issue'::text)"),
                ("actors_audit_pkey", "(tenant_id, seq)"),
            ],
            await IndexesAsync(connection));
    }

    [Fact]
    public async Task A_reader_of_the_trail_in_the_way_leaves_the_earlier_index_for_a_later_start()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE INDEX actors_audit_by_user ON actors_audit (tenant_id, user_reference, seq) WHERE user_reference IS NOT NULL");
        await using var reader = await database.OpenAsync();
        await reader.ExecuteAsync("BEGIN; SELECT count(*) FROM actors_audit;");

        await connection.ApplyDataSchemaAsync();
        Assert.Contains(("actors_audit_by_user", "(tenant_id, user_reference, seq) WHERE (user_reference IS NOT NULL)"), await IndexesAsync(connection));

        await reader.ExecuteAsync("COMMIT");
        await connection.ApplyDataSchemaAsync();
        Assert.DoesNotContain(await IndexesAsync(connection), index => index.Name == "actors_audit_by_user");
    }

    [Fact]
    public async Task A_users_entries_share_one_key_in_the_index()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        await using var connection = await database.OpenAsync();
        // 20,000 entries of 10 users, interleaved as reads of many users arrive.
        await connection.ExecuteAsync("""
            INSERT INTO actors_audit (tenant_id, seq, at, actor, operation, user_reference, subject, prev_hash, hash)
            SELECT 'tenant', g, now(), 'key', 'profile.read', 'user-reference-of-43-characters-like-hmacs-' || g % 10, '', '\x00', '\x00'
            FROM generate_series(1, 20000) AS g;
            """);

        await using var size = new NpgsqlCommand("SELECT pg_relation_size('actors_audit_by_user_reference')", connection);
        var bytesPerEntry = (long)(await size.ExecuteScalarAsync())! / 20000.0;

        // With seq in the key, each entry costs a key of its own: about 150 bytes here. With the
        // key shared, an entry costs its row pointer (6 bytes) and the pages' slack: about 9.
        Assert.InRange(bytesPerEntry, 0, 16);
    }

    [Fact]
    public async Task Listing_a_user_with_many_entries_walks_the_primary_key_even_where_generic_plans_are_forced()
    {
        await using var database = await TestDatabase.CreateWithDataSchemaAsync();
        await using var connection = await database.OpenAsync();
        // Half the entries are one user's, the rest four each of 5,000 users. The database then
        // plans every statement generically, as PostgreSQL may choose to by itself for one prepared.
        await connection.ExecuteAsync($$"""
            INSERT INTO actors_audit (tenant_id, seq, at, actor, operation, user_reference, subject, prev_hash, hash)
            SELECT 'tenant', g, now(), 'key', 'profile.read', CASE WHEN g % 2 = 0 THEN 'heavy' ELSE 'light-' || g % 10000 END, '', '\x00', '\x00'
            FROM generate_series(1, 40000) AS g;
            ANALYZE actors_audit;
            ALTER DATABASE "{{database.Name}}" SET plan_cache_mode = force_generic_plan;
            """);
        var scansBefore = await IndexScansAsync(connection);

        // The platform's own pool, which prepares a statement once it has run five times.
        await using var source = PostgresDataSource.ForData(new PlatformOptions { Postgres = database.ConnectionString });
        var reader = new PostgresAuditReader(source, new AuditVerifier(source, ""), NullLogger<PostgresAuditReader>.Instance);
        const int listings = 12;
        for (var i = 0; i < listings; i++)
        {
            var page = await reader.ListForUserAsync("tenant", "heavy", afterSeq: 0, limit: 50, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 50).Select(n => 2L * n), page.Select(r => r.Seq));
        }

        // Each listing is one index scan; the server counts them once its backend reports.
        (long PrimaryKey, long ByUser) scans = default;
        await Poll.UntilAsync(async () =>
        {
            var now = await IndexScansAsync(connection);
            scans = (now.PrimaryKey - scansBefore.PrimaryKey, now.ByUser - scansBefore.ByUser);
            return scans.PrimaryKey + scans.ByUser >= listings;
        }, timeoutSeconds: 30);
        // The generic plan takes the user's index and sorts all 20,000 of the user's entries.
        Assert.Equal((listings, 0L), scans);
    }

    private static async Task<(long PrimaryKey, long ByUser)> IndexScansAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(sum(idx_scan) FILTER (WHERE indexrelname = 'actors_audit_pkey'), 0)::bigint,
                   coalesce(sum(idx_scan) FILTER (WHERE indexrelname = 'actors_audit_by_user_reference'), 0)::bigint
            FROM pg_stat_user_indexes WHERE relname = 'actors_audit'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<List<(string Name, string Definition)>> IndexesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT indexname, substring(indexdef FROM '\\(.*$') FROM pg_indexes WHERE tablename = 'actors_audit' ORDER BY indexname", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        return indexes;
    }
}
