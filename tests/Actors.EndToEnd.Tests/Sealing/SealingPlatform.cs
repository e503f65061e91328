using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests.Sealing;

/// <summary>One platform for the sealing tests, on a database of its own, keeping every log line it writes.</summary>
public sealed class SealingPlatform : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public RunningPlatform Platform { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        // Information, as an operator runs it: every line the platform writes is scanned for personal values.
        Platform = new RunningPlatform(Database) { Logs = Logs, ExtraSettings = { ["Logging:LogLevel:Default"] = "Information" } };
        await Platform.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Database.DisposeAsync();
    }
}
