using System.Diagnostics;
using System.Globalization;
using Actors.Abstractions.Audit;

namespace Actors.Silo.Audit;

/// <summary>
/// A progress line on a terminal, rewritten in place: entries checked, a percentage and the time
/// left at the rate so far. Only when the writer is a terminal, so that a log or a pipe gets the
/// command's result and nothing else.
/// </summary>
public sealed class TerminalProgress(TextWriter terminal, string what) : IProgress<AuditProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private TimeSpan _shownAt = -Interval;
    private bool _shown;

    /// <summary>A progress line on standard error if it is a terminal; null (no progress) if it is redirected.</summary>
    public static TerminalProgress? OnStandardError(string what) => Console.IsErrorRedirected ? null : new TerminalProgress(Console.Error, what);

    public void Report(AuditProgress value)
    {
        var now = _elapsed.Elapsed;
        if (now - _shownAt < Interval)
        {
            return;
        }
        _shownAt = now;
        _shown = true;
        terminal.Write($"\r\u001b[K{Line(value, now)}");
        terminal.Flush();
    }

    /// <summary>The line for <paramref name="value"/> after <paramref name="elapsed"/>: the estimate once a rate can be told.</summary>
    public string Line(AuditProgress value, TimeSpan elapsed)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{what}: {value.Checked:N0} of {value.Total:N0} entries ({Math.Floor(value.Fraction * 100):0}%)");
        if (value.Checked == 0 || value.Checked >= value.Total || elapsed < TimeSpan.FromSeconds(1))
        {
            return line;
        }
        var left = TimeSpan.FromSeconds(elapsed.TotalSeconds / value.Checked * (value.Total - value.Checked));
        return $"{line}, about {Describe(left)} left";
    }

    /// <summary>Clears the line, so that the result is printed on a clean one.</summary>
    public void Dispose()
    {
        if (_shown)
        {
            terminal.Write("\r\u001b[K");
            terminal.Flush();
        }
    }

    private static string Describe(TimeSpan left) =>
        left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes} min {left.Seconds} s" : $"{Math.Max(1, (int)Math.Ceiling(left.TotalSeconds))} s";
}
