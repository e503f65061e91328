using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// Our reminder table on a real PostgreSQL: registrations of many grains share commits, each
/// gets its ETag, and a silo's range read finds exactly the reminders whose hash is in its
/// part of the ring, including the part that wraps past the end.
/// </summary>
public sealed class ReminderTableTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _source = null!;
    private PostgresReminderTable _table = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDataSchemaAsync();
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        _table = new PostgresReminderTable(_source, new ClusterOptions { ServiceId = "actors" }, upsertsPerCommit: 64);
    }

    public async Task DisposeAsync()
    {
        await _table.DisposeAsync();
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Registrations_share_commits_and_each_reads_back_with_its_etag()
    {
        var grains = Enumerable.Range(0, 300).Select(i => GrainId.Create("user", $"t/{i}")).ToList();
        var start = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        // Every third grain registers beforehand, so that a shared commit handing one caller
        // another's ETag shows: those get "1", the others "0".
        await Task.WhenAll(grains.Where((_, i) => i % 3 == 0).Select(g => _table.UpsertRow(Entry(g, start))));

        var etags = await Task.WhenAll(grains.Select(g => _table.UpsertRow(Entry(g, start))));
        var again = await _table.UpsertRow(Entry(grains[0], start.AddHours(1)));

        Assert.Equal(grains.Select((_, i) => i % 3 == 0 ? "1" : "0"), etags);
        Assert.Equal("2", again);
        // Rows written by one transaction carry its id (xmin): 300 registrations took far fewer.
        await using var transactions = _source.CreateCommand("SELECT count(DISTINCT xmin::text) FROM OrleansRemindersTable WHERE GrainId LIKE 'user/t/%'");
        Assert.InRange((long)(await transactions.ExecuteScalarAsync())!, 1, grains.Count / 2);
        var read = await _table.ReadRow(grains[0], "retention");
        Assert.Equal((start.AddHours(1), TimeSpan.FromDays(1), "2"), (read!.StartAt, read.Period, read.ETag));
        Assert.Single((await _table.ReadRows(grains[1])).Reminders);
        Assert.Null(await _table.ReadRow(grains[0], "other"));
        Assert.False(await _table.RemoveRow(grains[0], "retention", "1"));
        Assert.True(await _table.RemoveRow(grains[0], "retention", "2"));
        Assert.Null(await _table.ReadRow(grains[0], "retention"));
    }

    [Fact]
    public async Task Range_reads_split_the_ring_without_gaps_or_overlaps()
    {
        var grains = Enumerable.Range(0, 400).Select(i => GrainId.Create("user", $"ring/{i}")).ToList();
        await Task.WhenAll(grains.Select(g => _table.UpsertRow(Entry(g, DateTime.UtcNow))));
        // Three silos' ranges, one of them wrapping past uint.MaxValue, and the whole ring.
        uint[] points = [0x1000_0000, 0x9000_0000, 0xE000_0000];

        var ranges = await Task.WhenAll(
            _table.ReadRows(points[0], points[1]), _table.ReadRows(points[1], points[2]), _table.ReadRows(points[2], points[0]));
        var whole = await _table.ReadRows(points[1], points[1]);

        var found = ranges.SelectMany(r => r.Reminders.Select(e => e.GrainId)).ToList();
        Assert.Equal(grains.Count, found.Count);
        Assert.Equal(grains.ToHashSet(), found.ToHashSet());
        Assert.Equal(grains.Count, whole.Reminders.Count);
        foreach (var (range, (begin, end)) in ranges.Zip([(points[0], points[1]), (points[1], points[2]), (points[2], points[0])]))
        {
            Assert.All(range.Reminders, e => Assert.True(InRange(e.GrainId.GetUniformHashCode(), begin, end)));
        }
    }

    /// <summary>The ring's (begin, end] as Orleans means it, on unsigned hashes.</summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, DateTime start) =>
        new() { GrainId = grain, ReminderName = "retention", StartAt = start, Period = TimeSpan.FromDays(1) };
}
