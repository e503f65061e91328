using System.Diagnostics;
using System.Text;
using Actors.Silo.Logging;

namespace Actors.Tests.Logging;

public sealed class LogFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 23, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("actors-logs-").FullName;
    private readonly ManualClock _clock = new(Start);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_file_that_would_pass_its_size_limit_is_followed_by_the_next_part()
    {
        using (var file = Open(maxBytes: 1000))
        {
            for (var i = 0; i < 50; i++)
            {
                file.TryWrite(Line(i, length: 99));
            }
        }
        var parts = Files();
        Assert.Equal(["p-20260314-000.log", "p-20260314-001.log", "p-20260314-002.log", "p-20260314-003.log", "p-20260314-004.log"], parts);
        Assert.All(parts, part => Assert.True(new FileInfo(Path.Combine(_directory, part)).Length <= 1000));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{i:D4}"), AllLines().Select(line => line[..4]));
    }

    [Fact]
    public void A_new_day_begins_a_new_file_and_a_restart_goes_on_in_the_last_part()
    {
        using (var file = Open())
        {
            file.TryWrite(Line(0));
            Poll(() => Files().Contains("p-20260314-000.log"));
            _clock.Now = Start.AddHours(2);
            file.TryWrite(Line(1));
        }
        using (var again = Open())
        {
            again.TryWrite(Line(2));
        }
        Assert.Equal(["p-20260314-000.log", "p-20260315-000.log"], Files());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_directory, "p-20260315-000.log")).Length);
    }

    [Fact]
    public void Files_past_the_retention_are_deleted_at_start_and_at_each_new_file()
    {
        Touch("p-20250313-000.log");        // 366 days before the start: gone at start
        Touch("other-20250101-007.log");    // another process's, as old: gone too
        Touch("p-20250314-000.log");        // 365 days: kept until the next day
        Touch("notes.log");                 // not a log file of ours: never touched
        using (var file = Open())
        {
            Assert.Equal(["notes.log", "p-20250314-000.log"], Files());
            file.TryWrite(Line(0));
            Poll(() => Files().Contains("p-20260314-000.log"));
            _clock.Now = Start.AddDays(1);
            file.TryWrite(Line(1));
        }
        Assert.Equal(["notes.log", "p-20260314-000.log", "p-20260315-000.log"], Files());
    }

    [Fact]
    public void A_full_queue_drops_and_counts_instead_of_waiting()
    {
        const int lines = 200_000;
        long accepted = 0;
        var watch = Stopwatch.StartNew();
        LogFile file;
        using (file = Open(capacity: 4))
        {
            for (var i = 0; i < lines; i++)
            {
                accepted += file.TryWrite(Line(i)) ? 1 : 0;
            }
            watch.Stop();
        }
        Assert.True(file.Dropped > 0, "a queue of 4 lines took 200,000 without dropping one");
        Assert.Equal(lines, accepted + file.Dropped);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"queueing took {watch.Elapsed}");
        var written = AllLines();
        Assert.Equal(accepted, written.Count(line => !line.Contains("were dropped", StringComparison.Ordinal)));
        Assert.Contains(written, line => line.Contains("log lines were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Dispose_writes_everything_queued()
    {
        using (var file = Open())
        {
            for (var i = 0; i < 5000; i++)
            {
                Assert.True(file.TryWrite(Line(i)));
            }
        }
        Assert.Equal(5000, AllLines().Count);
    }

    private LogFile Open(long maxBytes = 1 << 20, int capacity = 10_000) => new(_directory, "p", retentionDays: 365, maxBytes, capacity, _clock);

    private static byte[] Line(int number, int length = 20) => Encoding.UTF8.GetBytes($"{number:D4}".PadRight(length, '.'));

    private void Touch(string name) => File.WriteAllText(Path.Combine(_directory, name), "{}\n");

    private string[] Files() => [.. Directory.GetFiles(_directory).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    private List<string> AllLines() =>
        [.. Files().Where(name => name.StartsWith("p-", StringComparison.Ordinal)).SelectMany(name => ReadShared(Path.Combine(_directory, name)))];

    private static IEnumerable<string> ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static void Poll(Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "the line never reached the file");
            Thread.Sleep(10);
        }
    }
}
