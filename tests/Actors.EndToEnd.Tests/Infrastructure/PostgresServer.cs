using System.Diagnostics;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Stops and starts the PostgreSQL server the test command runs, with the commands it exports.</summary>
public static class PostgresServer
{
    public static Task StopAsync() => RunAsync("ACTORS_TEST_PG_STOP");

    public static Task StartAsync() => RunAsync("ACTORS_TEST_PG_START");

    /// <summary>Stops the second server (a second region's), leaving the first serving.</summary>
    public static Task StopSecondAsync() => RunAsync("ACTORS_TEST_PG_SECOND_STOP");

    public static Task StartSecondAsync() => RunAsync("ACTORS_TEST_PG_SECOND_START");

    private static async Task RunAsync(string variable)
    {
        var command = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new InvalidOperationException($"{variable} is not set: run the tests with ./actors test, which sets it");
        }
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await shell.WaitForExitAsync(timeout.Token);
        if (shell.ExitCode != 0)
        {
            throw new InvalidOperationException($"{variable} failed with {shell.ExitCode}: {await shell.StandardError.ReadToEndAsync()}");
        }
    }
}
