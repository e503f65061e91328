using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Audit;
using Actors.Silo.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The group-commit grain storage on a real PostgreSQL: writes of many grains share commits,
/// and a stale write fails alone, changing nothing, while the others of its batch commit. A
/// write's audit entry is stored with it or not at all.
/// </summary>
public sealed class GrainStorageTests : IAsyncLifetime
{
    private const string Tenant = "t";
    private static readonly PlatformSigningKey SigningKey = new(MasterKey.Parse(Convert.ToBase64String(new byte[32])));

    private TestDatabase _database = null!;
    private NpgsqlDataSource _source = null!;
    private PostgresGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDataSchemaAsync();
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        _storage = new PostgresGrainStorage(_source, new JsonGrainStateSerializer(), new ClusterOptions { ServiceId = "actors" },
            writesPerCommit: 256, writers: 1, new AuditChainAppend(SigningKey), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Many_grains_write_at_once_and_each_reads_back_its_own_state()
    {
        var grains = Enumerable.Range(0, 500).Select(i => GrainId.Create("user", $"t/{i}")).ToList();

        await Task.WhenAll(grains.Select((grain, i) => _storage.WriteStateAsync("user", grain, new GrainState<Note>(new Note($"note {i}")))));

        for (var i = 0; i < grains.Count; i += 97)
        {
            var read = new GrainState<Note>();
            await _storage.ReadStateAsync("user", grains[i], read);
            Assert.Equal(($"note {i}", "1", true), (read.State!.Text, read.ETag, read.RecordExists));
        }
    }

    [Fact]
    public async Task A_stale_write_fails_alone_and_changes_nothing()
    {
        var contested = GrainId.Create("user", "t/contested");
        var first = new GrainState<Note>(new Note("first"));
        await _storage.WriteStateAsync("user", contested, first);
        var stale = new GrainState<Note>(new Note("stale")) { ETag = first.ETag };
        var current = new GrainState<Note>(new Note("current")) { ETag = first.ETag };
        var bystander = new GrainState<Note>(new Note("bystander"));

        var outcomes = await Task.WhenAll(
            Outcome(_storage.WriteStateAsync("user", contested, current)),
            Outcome(_storage.WriteStateAsync("user", contested, stale)),
            Outcome(_storage.WriteStateAsync("user", GrainId.Create("user", "t/bystander"), bystander)));

        Assert.Single(outcomes[..2], o => o is InconsistentStateException);
        Assert.Single(outcomes[..2], o => o is null);
        Assert.Null(outcomes[2]);
        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("user", contested, read);
        Assert.Equal("2", read.ETag);
        Assert.Contains(read.State!.Text, new[] { "current", "stale" });
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.ClearStateAsync("user", contested, new GrainState<Note>(new Note("")) { ETag = "1" }));
        var winner = new GrainState<Note>(read.State) { ETag = read.ETag };
        await _storage.ClearStateAsync("user", contested, winner);
        await _storage.ReadStateAsync("user", contested, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Writes_commit_with_their_audit_entries_in_one_chain_and_a_stale_writes_entry_is_left_out()
    {
        var contested = GrainId.Create("user", "t/audited");
        var first = new GrainState<Note>(new Note("first"));
        await AuditedAsync("first", () => _storage.WriteStateAsync("user", contested, first));
        var stale = new GrainState<Note>(new Note("stale")) { ETag = first.ETag };
        var current = new GrainState<Note>(new Note("current")) { ETag = first.ETag };

        var outcomes = await Task.WhenAll(
            Outcome(AuditedAsync("current", () => _storage.WriteStateAsync("user", contested, current))),
            Outcome(AuditedAsync("stale", () => _storage.WriteStateAsync("user", contested, stale))),
            Outcome(AuditedAsync("bystander", () => _storage.WriteStateAsync("user", GrainId.Create("user", "t/bystander2"), new GrainState<Note>(new Note("bystander"))))),
            Outcome(_storage.WriteStateAsync("user", GrainId.Create("user", "t/unaudited"), new GrainState<Note>(new Note("unaudited")))));
        await AuditedAsync("cleared", () => _storage.ClearStateAsync("user", GrainId.Create("user", "t/bystander2"),
            new GrainState<Note>(new Note("")) { ETag = "1" }));

        Assert.Equal([null, null], outcomes[2..]);
        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("user", contested, read);
        var subjects = await AuditSubjectsAsync();
        Assert.Equal(4, subjects.Count); // first, the winner, the bystander, the clear: nothing for the stale write or the unaudited one
        Assert.Equal("first", subjects[0]);
        Assert.Contains(read.State!.Text, subjects);
        Assert.DoesNotContain(outcomes[0] is null ? "stale" : "current", subjects);
        Assert.Equal("cleared", subjects[^1]);
        var verification = await new AuditVerifier(_source, SigningKey.PublicKeyPem).VerifyAsync(Tenant, CancellationToken.None);
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(4, verification.EntriesChecked);
    }

    [Fact]
    public async Task A_state_over_the_toast_threshold_is_stored_compressed_with_lz4_and_reads_back_whole()
    {
        var grain = GrainId.Create("user", "t/long-history");
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"consent {i} granted; "));
        await _storage.WriteStateAsync("user", grain, new GrainState<Note>(new Note(text)));

        await using var select = _source.CreateCommand("SELECT pg_column_compression(payload), length(payload) FROM actors_grain_state WHERE grain_id = $1");
        select.Parameters.Add(new() { Value = grain.ToString() });
        await using (var reader = await select.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("lz4", reader.GetString(0));
            Assert.True(reader.GetInt32(1) > 2048, "the state is too small to be compressed");
        }
        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("user", grain, read);
        Assert.Equal(text, read.State!.Text);
    }

    [Fact]
    public async Task A_write_whose_audit_entry_cannot_be_stored_is_not_stored_either()
    {
        await using (var refuse = _source.CreateCommand(
            """
            CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;
            CREATE TRIGGER refuse_audit BEFORE INSERT ON actors_audit FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit();
            """))
        {
            await refuse.ExecuteNonQueryAsync();
        }
        var grain = GrainId.Create("user", "t/refused");

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            AuditedAsync("refused", () => _storage.WriteStateAsync("user", grain, new GrainState<Note>(new Note("refused")))));
        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("user", grain, read);
        await _storage.WriteStateAsync("user", GrainId.Create("user", "t/unaudited2"), new GrainState<Note>(new Note("kept"))); // the connection is usable again

        Assert.Contains("audit refused", refused.MessageText);
        Assert.False(read.RecordExists);
        // The chain head the first round trip created went with the rest of the transaction.
        await using var heads = _source.CreateCommand("SELECT count(*) FROM actors_audit_heads WHERE tenant_id = $1");
        heads.Parameters.Add(new() { Value = Tenant });
        Assert.Equal(0L, await heads.ExecuteScalarAsync());
    }

    private static Task AuditedAsync(string subject, Func<Task> write) =>
        StateWriteAudit.WriteAsync(new AuditEntry(Tenant, "key-1", AuditOperations.AttributesUpserted, "ref", subject, DateTimeOffset.UtcNow), write);

    private async Task<List<string>> AuditSubjectsAsync()
    {
        await using var select = _source.CreateCommand("SELECT subject FROM actors_audit WHERE tenant_id = $1 ORDER BY seq");
        select.Parameters.Add(new() { Value = Tenant });
        await using var reader = await select.ExecuteReaderAsync();
        var subjects = new List<string>();
        while (await reader.ReadAsync())
        {
            subjects.Add(reader.GetString(0));
        }
        return subjects;
    }

    private static async Task<Exception?> Outcome(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public sealed record Note(string Text)
    {
        public Note() : this("")
        {
        }
    }
}
