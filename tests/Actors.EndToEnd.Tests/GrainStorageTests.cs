using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The group-commit grain storage on a real PostgreSQL: writes of many grains share commits,
/// and a stale write fails alone, changing nothing, while the others of its batch commit.
/// </summary>
public sealed class GrainStorageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _source = null!;
    private PostgresGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var connection = await _database.OpenAsync())
        {
            foreach (var (_, sql) in SchemaMigration.Scripts("Data"))
            {
                await using var apply = new NpgsqlCommand(sql, connection);
                await apply.ExecuteNonQueryAsync();
            }
        }
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        _storage = new PostgresGrainStorage(_source, new JsonGrainStateSerializer(), new ClusterOptions { ServiceId = "actors" },
            writesPerCommit: 256, writers: 1, TimeProvider.System);
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
