using System.Text;
using Microsoft.Extensions.Logging;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Every log line a platform writes, formatted as a console would print it, with its exception.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly StringBuilder _lines = new();

    public string Text
    {
        get { lock (_lines) { return _lines.ToString(); } }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string line)
    {
        lock (_lines) { _lines.AppendLine(line); }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Append($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
