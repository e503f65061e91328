namespace Actors.Silo.Logging;

/// <summary>
/// Writes every log entry as one JSON line to the process's <see cref="LogFile"/>, with the trace
/// and span of the call it was written in. Values come as the logging pipeline hands them over,
/// classified ones already redacted.
/// </summary>
[ProviderAlias("File")]
public sealed class JsonFileLoggerProvider(LogFile file, TimeProvider time) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        file.TryWrite(JsonLogLine.Write(time.GetUtcNow(), level, category, eventId, formatter(state, exception), exception, state, _scopes));

    public ILogger CreateLogger(string categoryName) => new JsonFileLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        // The file is the container's, which disposes it (and with it writes what is queued).
    }

    private sealed class JsonFileLogger(string category, JsonFileLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            provider.Write(category, logLevel, eventId, state, exception, formatter);
        }
    }
}
