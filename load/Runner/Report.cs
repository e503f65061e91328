using System.Globalization;
using System.Text;

namespace Actors.Load.Runner;

/// <summary>The run's report: a console table, and the same figures as Markdown and CSV files.</summary>
public static class Report
{
    private static readonly string[] Columns =
        ["scenario", "step", "ok", "failed", "rps", "items/s", "min", "mean", "p50", "p75", "p95", "p99", "max"];

    /// <summary>The column titles, latencies marked as milliseconds.</summary>
    private static string[] Header => [.. Columns.Select((column, i) => i >= 6 ? column + " ms" : column)];

    public static void Write(IReadOnlyList<ScenarioResult> results, string description, string directory)
    {
        var rows = Rows(results).ToList();
        Console.WriteLine(Table(rows));
        foreach (var result in results)
        {
            foreach (var step in result.Steps.Prepend(result.Iterations).Where(s => s.Failed > 0))
            {
                Console.WriteLine($"{result.Scenario.Name}/{step.Name} failures: {string.Join(", ", step.Failures.Select(f => $"{f.Key} {f.Value}"))}");
            }
            if (result.Scenario.Verify is not null)
            {
                Console.WriteLine(result.VerificationFailures.Count == 0
                    ? $"{result.Scenario.Name} verification: passed"
                    : $"{result.Scenario.Name} verification: FAILED\n  {string.Join("\n  ", result.VerificationFailures)}");
            }
        }
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var markdown = Path.Combine(directory, $"report-{stamp}.md");
        var csv = Path.Combine(directory, $"report-{stamp}.csv");
        File.WriteAllText(markdown, Markdown(rows, description, results));
        File.WriteAllText(csv, string.Join('\n', rows.Prepend(Columns).Select(r => string.Join(',', r))) + "\n");
        Console.WriteLine($"report: {markdown}, {csv}");
    }

    /// <summary>A row per scenario (whole iterations), then a row per step; latencies in milliseconds.</summary>
    private static IEnumerable<string[]> Rows(IReadOnlyList<ScenarioResult> results)
    {
        foreach (var result in results)
        {
            var seconds = result.Measured.TotalSeconds;
            yield return Row(result.Scenario.Name, "(iteration)", result.Iterations, seconds, result.Scenario.ItemsPerIteration);
            if (result.Steps.Count > 1)
            {
                foreach (var step in result.Steps)
                {
                    yield return Row(result.Scenario.Name, step.Name, step, seconds, itemsPerOk: 0);
                }
            }
        }
    }

    private static string[] Row(string scenario, string step, StepStatistics s, double seconds, int itemsPerOk) =>
    [
        scenario, step, s.Ok.ToString(CultureInfo.InvariantCulture), s.Failed.ToString(CultureInfo.InvariantCulture),
        F(s.Ok / seconds, "0.0"), itemsPerOk > 0 ? F(s.Ok * itemsPerOk / seconds, "0") : "",
        F(s.MinMilliseconds), F(s.MeanMilliseconds), F(s.Percentile(50)), F(s.Percentile(75)),
        F(s.Percentile(95)), F(s.Percentile(99)), F(s.MaxMilliseconds),
    ];

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Table(List<string[]> rows)
    {
        var all = rows.Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Columns.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }
        return text.ToString();
    }

    private static string Markdown(List<string[]> rows, string description, IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Load report, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"`{description}`").AppendLine();
        foreach (var result in results)
        {
            text.AppendLine($"- {result.Scenario.Name}: {result.Scenario.Load}, {result.Measured.TotalSeconds:0} s measured; {result.Scenario.ItemName} per iteration: {result.Scenario.ItemsPerIteration}");
        }
        text.AppendLine().AppendLine("| " + string.Join(" | ", Header) + " |");
        text.AppendLine("|" + string.Concat(Columns.Select((_, i) => i < 2 ? "---|" : "---:|")));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return text.ToString();
    }
}
