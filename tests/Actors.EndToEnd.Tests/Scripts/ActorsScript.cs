using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Actors.EndToEnd.Tests.Scripts;

/// <summary>
/// The checkout's <c>./actors</c> script run as an operator runs it, on the PostgreSQL server
/// the test command started, with a bound on its time.
/// </summary>
public sealed class ActorsScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ActorsScript(Process process) => _process = process;

    /// <summary>The checkout the tests were built from: the folder holding Actors.sln and the script.</summary>
    public static string Root { get; } = FindRoot();

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static ActorsScript Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, "actors")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ACTORS_PG_PORT"] = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES")).Port.ToString();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var script = new ActorsScript(new Process { StartInfo = start });
        script._process.OutputDataReceived += (_, line) => script.Append(line.Data);
        script._process.ErrorDataReceived += (_, line) => script.Append(line.Data);
        script._process.Start();
        script._process.BeginOutputReadLine();
        script._process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Runs the script to its end; its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var script = Start(environment, args);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await script._process.WaitForExitAsync(limit.Token);
        script._process.WaitForExit(); // the output readers drain
        return (script._process.ExitCode, script.Output);
    }

    /// <summary>Waits until the script has printed <paramref name="text"/>; fails with its output if it exits or takes too long.</summary>
    public async Task WaitForAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"./actors exited ({_process.ExitCode}) before printing \"{text}\":\n{Output}");
            }
            Assert.True(DateTime.UtcNow < deadline, $"./actors did not print \"{text}\" within {within}:\n{Output}");
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output) { _output.AppendLine(line); }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln")) && File.Exists(Path.Combine(dir.FullName, "actors")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no checkout with ./actors above {AppContext.BaseDirectory}");
    }
}
