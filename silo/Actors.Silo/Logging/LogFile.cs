using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Actors.Silo.Logging;

/// <summary>
/// One process's log files: lines go through a bounded queue to a writer of their own, so that a
/// slow or full disk never holds up a call (a line that finds the queue full is dropped and
/// counted, and the count written once there is room). Files are named
/// <c>NAME-yyyyMMdd-NNN.log</c> (UTC day, then part): a new file begins each day and whenever one
/// would pass its size limit. At start and at each new file, every file of the directory older
/// than the retention is deleted.
/// </summary>
public sealed partial class LogFile : IDisposable
{
    /// <summary>How long a stop waits for the queue to reach the disk.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(3);

    private readonly string _directory;
    private readonly string _name;
    private readonly int _retentionDays;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _queue;
    private readonly Task _writer;
    private long _dropped;
    private long _droppedReported;
    private FileStream? _stream;
    private DateOnly _day;
    private int _part;

    public LogFile(string directory, string name, int retentionDays, long maxBytes, int capacity, TimeProvider time)
    {
        if (!FileName.IsMatch(name + "-20000101-000.log"))
        {
            throw new ArgumentException($"'{name}' is not a log file name (letters, digits, '.', '_' and '-')", nameof(name));
        }
        (_directory, _name, _retentionDays, _maxBytes, _time) = (Path.GetFullPath(directory), name, retentionDays, maxBytes, time);
        System.IO.Directory.CreateDirectory(_directory);
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        DeleteExpired(Today());
        _writer = Task.Factory.StartNew(WriteAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Lines dropped so far: the queue was full, or the disk refused them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The file being written, once a line was.</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>Queues one line (UTF-8, without its line feed); never waits.</summary>
    public bool TryWrite(byte[] line)
    {
        if (_queue.Writer.TryWrite(line))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Writes what is queued (within <see cref="FlushTimeout"/>) and closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(FlushTimeout);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line))
            {
                Append(line);
            }
            ReportDropped();
            Flush();
        }
        CloseQuietly();
    }

    private void ReportDropped()
    {
        var dropped = Dropped;
        if (dropped > _droppedReported)
        {
            var line = $"{{\"Timestamp\":\"{_time.GetUtcNow().UtcDateTime:O}\",\"LogLevel\":\"Warning\",\"Category\":\"Actors.Silo.Logging.LogFile\",\"Message\":\"{dropped - _droppedReported} log lines were dropped: the log file's queue was full or the disk refused them\"}}";
            _droppedReported = dropped;
            Append(System.Text.Encoding.UTF8.GetBytes(line));
        }
    }

    private void Append(byte[] line)
    {
        try
        {
            var stream = StreamFor(line.Length + 1);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or failing disk: the line is lost, counted, and the file opened again for the next.
            Interlocked.Increment(ref _dropped);
            CloseQuietly();
        }
    }

    private FileStream StreamFor(int length)
    {
        var today = Today();
        if (_stream is not null && today == _day && (_stream.Length == 0 || _stream.Length + length <= _maxBytes))
        {
            return _stream;
        }
        var rotate = _stream is not null;
        CloseQuietly();
        if (today != _day)
        {
            (_day, _part) = (today, LastPart(today));
        }
        else if (rotate)
        {
            _part++;
        }
        DeleteExpired(today);
        while (true)
        {
            var path = Path.Combine(_directory, $"{_name}-{today:yyyyMMdd}-{_part:D3}.log");
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0 || stream.Length + length <= _maxBytes)
            {
                (_stream, CurrentPath) = (stream, path);
                return stream;
            }
            stream.Dispose();
            _part++;
        }
    }

    /// <summary>The highest part of the day already on disk (a restart goes on in it), or 0.</summary>
    private int LastPart(DateOnly day) =>
        System.IO.Directory.EnumerateFiles(_directory, $"{_name}-{day:yyyyMMdd}-*.log")
            .Select(path => FileName.Match(Path.GetFileName(path)))
            .Where(match => match.Success && match.Groups["name"].Value == _name)
            .Select(match => int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>Deletes every log file of the directory whose day is more than the retention before today.</summary>
    private void DeleteExpired(DateOnly today)
    {
        var oldest = today.AddDays(-_retentionDays);
        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, "*.log"))
        {
            var match = FileName.Match(Path.GetFileName(path));
            if (match.Success && DateOnly.TryParseExact(match.Groups["day"].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Tried again at the next file.
                }
            }
        }
    }

    private void Flush()
    {
        try
        {
            _stream?.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseQuietly();
        }
    }

    private void CloseQuietly()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What it held is counted as written; nothing more can be done with it.
        }
        _stream = null;
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9._-]+)-(?<day>\d{8})-(?<part>\d{3,})\.log$")]
    private static partial Regex FileNameRegex();

    private static readonly Regex FileName = FileNameRegex();
}
