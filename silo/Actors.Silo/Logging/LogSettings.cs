namespace Actors.Silo.Logging;

/// <summary>The process's log settings, section <c>Actors:Logs</c> (docs/operations.md, "Logs").</summary>
public sealed class LogSettings
{
    public const string Section = "Actors:Logs";

    /// <summary>What the console shows: <see cref="LogFormat.Text"/> for a person, <see cref="LogFormat.Json"/> for a collector.</summary>
    public LogFormat Format { get; set; } = LogFormat.Text;

    /// <summary>Where the process writes its JSON log files; empty for none.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The process's name in its files' names; empty for <c>actors-ROLE</c>. Each process of a directory needs its own.</summary>
    public string Name { get; set; } = "";

    /// <summary>Files of a day older than this many days are deleted: the platform keeps logs one year, as the seeds do.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>A file that would grow past this many bytes is closed and the next one of the day begun.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Lines waiting for the disk at most; past it lines are dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public static LogSettings Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<LogSettings>() ?? new LogSettings();
}

/// <summary>The console's log format.</summary>
public enum LogFormat
{
    Text,
    Json,
}
