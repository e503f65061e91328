namespace Actors.Load.Runner;

/// <summary>One named action of a scenario, timed and counted on its own.</summary>
public sealed record Step(string Name, Func<IterationContext, Task> Run);

/// <summary>
/// A named sequence of steps that one simulated client performs per iteration, with the load
/// that drives it. <see cref="ItemsPerIteration"/> names what one iteration carries (for
/// example 100 events) so the report can give items per second as well as calls per second.
/// <see cref="Verify"/>, if set, checks after the run what the scenario must have achieved and
/// returns what it found wrong.
/// </summary>
public sealed record Scenario(string Name, IReadOnlyList<Step> Steps, LoadSimulation Load)
{
    public int ItemsPerIteration { get; init; } = 1;

    public string ItemName { get; init; } = "calls";

    public Func<Task<IReadOnlyList<string>>>? Verify { get; init; }
}

/// <summary>What a step knows about the iteration it runs in.</summary>
public sealed record IterationContext(int Copy, long Iteration, CancellationToken Cancellation);
