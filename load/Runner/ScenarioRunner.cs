using System.Diagnostics;
using Grpc.Core;

namespace Actors.Load.Runner;

/// <summary>
/// Runs scenarios side by side (a mixed load when there are several): a warm-up that is not
/// counted, then the measured duration, with a progress line every second. Stops by itself:
/// iterations still running when the time is up get a grace period, then are cancelled.
/// </summary>
public sealed class ScenarioRunner(TimeSpan warmUp, TimeSpan duration, int maxInFlight = 20_000)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(IReadOnlyList<Scenario> scenarios)
    {
        var runs = scenarios.Select(s => new Run(s)).ToList();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmUp);
        var end = measureFrom + Ticks(duration);
        using var stop = new CancellationTokenSource();
        var drivers = runs.Select(run => Task.Run(() => DriveAsync(run, start, measureFrom, end, stop.Token))).ToList();
        using var progress = new CancellationTokenSource();
        var reporter = ReportProgressAsync(runs, start, measureFrom, end, progress.Token);
        var all = Task.WhenAll(drivers);
        if (await Task.WhenAny(all, Task.Delay(warmUp + duration + Grace)) != all)
        {
            stop.Cancel();
        }
        await all;
        await progress.CancelAsync();
        await reporter;
        Console.Error.WriteLine();
        var results = new List<ScenarioResult>();
        foreach (var run in runs)
        {
            var failures = run.Scenario.Verify is { } verify ? await verify() : [];
            results.Add(new ScenarioResult(run.Scenario, run.Iterations, run.Steps, duration, failures));
        }
        return results;
    }

    private async Task DriveAsync(Run run, long start, long measureFrom, long end, CancellationToken stop)
    {
        var inFlight = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        switch (run.Scenario.Load)
        {
            case LoadSimulation.KeepConstant closed:
                var copies = Enumerable.Range(0, closed.Copies).Select(copy => Task.Run(async () =>
                {
                    for (long i = 0; Stopwatch.GetTimestamp() < end && !stop.IsCancellationRequested; i++)
                    {
                        await IterateAsync(run, copy, i, Stopwatch.GetTimestamp(), measureFrom, stop);
                    }
                }));
                running.AddRange(copies);
                break;
            case LoadSimulation.Inject open:
                var runSeconds = (end - start) / (double)Stopwatch.Frequency;
                for (long i = 0; !stop.IsCancellationRequested; i++)
                {
                    var due = start + (long)(open.DueAt(i, runSeconds) * Stopwatch.Frequency);
                    if (due >= end)
                    {
                        break;
                    }
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    try
                    {
                        if (wait > TimeSpan.FromMilliseconds(1))
                        {
                            await Task.Delay(wait, stop);
                        }
                        // Past the in-flight cap the schedule slips, and the slip shows as latency.
                        await inFlight.WaitAsync(stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    var iteration = i;
                    running.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await IterateAsync(run, 0, iteration, due, measureFrom, stop);
                        }
                        finally
                        {
                            inFlight.Release();
                        }
                    }));
                    if (running.Count > 4 * maxInFlight)
                    {
                        running.RemoveAll(t => t.IsCompleted);
                    }
                }
                break;
        }
        await Task.WhenAll(running);
    }

    /// <summary>One iteration: the steps in order, each timed; the first failure ends it.</summary>
    private static async Task IterateAsync(Run run, int copy, long iteration, long dueAt, long measureFrom, CancellationToken stop)
    {
        var counted = dueAt >= measureFrom;
        var context = new IterationContext(copy, iteration, stop);
        var stepStart = dueAt;
        for (var s = 0; s < run.Steps.Count; s++)
        {
            var failure = await TryRunAsync(run.Scenario.Steps[s], context);
            var now = Stopwatch.GetTimestamp();
            if (counted)
            {
                if (failure is null)
                {
                    run.Steps[s].RecordOk(Stopwatch.GetElapsedTime(stepStart, now));
                }
                else
                {
                    run.Steps[s].RecordFailure(failure, Stopwatch.GetElapsedTime(stepStart, now));
                    run.Iterations.RecordFailure(failure, Stopwatch.GetElapsedTime(dueAt, now));
                }
            }
            if (failure is not null)
            {
                return;
            }
            stepStart = now;
        }
        if (counted)
        {
            run.Iterations.RecordOk(Stopwatch.GetElapsedTime(dueAt));
        }
        else
        {
            Interlocked.Increment(ref run.WarmUpIterations);
        }
    }

    /// <summary>Null if the step succeeded, else what went wrong: the gRPC status, or the exception's type.</summary>
    private static async Task<string?> TryRunAsync(Step step, IterationContext context)
    {
        try
        {
            await step.Run(context);
            return null;
        }
        catch (RpcException e)
        {
            return e.StatusCode.ToString();
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return "Cancelled";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    private static async Task ReportProgressAsync(IReadOnlyList<Run> runs, long start, long measureFrom, long end, CancellationToken stop)
    {
        var previous = runs.Select(r => r.Completed).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = Stopwatch.GetTimestamp();
                var phase = now < measureFrom ? "warm-up" : now < end ? "measuring" : "finishing";
                var parts = runs.Select((run, i) =>
                {
                    var completed = run.Completed;
                    var line = $"{run.Scenario.Name}: {completed - previous[i]}/s, measured ok {run.Iterations.Ok} failed {run.Iterations.Failed} p99 {run.Iterations.Percentile(99):0.0} ms";
                    previous[i] = completed;
                    return line;
                });
                var line = $"[{Stopwatch.GetElapsedTime(start).TotalSeconds,5:0}s {phase}] {string.Join(" | ", parts)}";
                // On a terminal the line rewrites itself; into a file, one line per second.
                Console.Error.Write(Console.IsErrorRedirected ? line + "\n" : "\r" + line + "   ");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Run(Scenario scenario)
    {
        public long WarmUpIterations;

        /// <summary>Iterations finished, warm-up included: what the progress line's rate counts.</summary>
        public long Completed => Interlocked.Read(ref WarmUpIterations) + Iterations.Ok + Iterations.Failed;

        public Scenario Scenario { get; } = scenario;

        public StepStatistics Iterations { get; } = new(scenario.Name);

        public IReadOnlyList<StepStatistics> Steps { get; } = [.. scenario.Steps.Select(s => new StepStatistics(s.Name))];
    }
}
