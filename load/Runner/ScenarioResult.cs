namespace Actors.Load.Runner;

/// <summary>What one scenario did in the measured part of a run (the warm-up is not counted).</summary>
public sealed record ScenarioResult(
    Scenario Scenario,
    StepStatistics Iterations,
    IReadOnlyList<StepStatistics> Steps,
    TimeSpan Measured,
    IReadOnlyList<string> VerificationFailures)
{
    public double IterationsPerSecond => Iterations.Ok / Measured.TotalSeconds;

    public double ItemsPerSecond => IterationsPerSecond * Scenario.ItemsPerIteration;
}
