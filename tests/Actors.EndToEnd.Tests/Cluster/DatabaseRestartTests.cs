using Actors.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>PostgreSQL is stopped and started again while two silos and a gateway are under write load.</summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_restart_fails_calls_cleanly_and_the_platform_recovers_by_itself()
    {
        await using var run = await LoadUnderFault.StartAsync(silos: 2);
        var (cluster, load) = (run.Cluster, run.Load);

        await Task.Delay(TimeSpan.FromSeconds(4));
        var stoppedAt = load.Now;
        try
        {
            await PostgresServer.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await PostgresServer.StartAsync();
        }
        var startedAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(12));
        var endedAt = load.Now;

        var verdict = await run.StopAsync();
        var lastFailure = load.Failures.Select(f => f.At).DefaultIfEmpty(startedAt).Max();
        output.WriteLine($"PostgreSQL down {startedAt - stoppedAt:F1} s under load: {verdict.Report()}; " +
            $"writes acknowledged again {Math.Max(0, lastFailure - startedAt):F1} s after it was back");
        Assert.Empty(verdict.Lost);
        Assert.Empty(verdict.Impossible);
        Assert.False(verdict.UnexpectedStatuses.Any(), $"{verdict.Report()}\n{run.UnexplainedFailures()}");
        Assert.NotEmpty(load.Failures);
        Assert.Contains(load.Acknowledgements, a => a.At > lastFailure);
        Assert.True(lastFailure < endedAt - 3, $"still failing {endedAt - lastFailure:F1} s before the end: {verdict.Report()}");
    }
}
