using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Actors.Bench.Profile;

/// <summary>
/// Samples every thread of a process for some seconds with the runtime's sample profiler, then
/// prints the methods most often on top of a running stack (exclusive) and those most often
/// anywhere on it (inclusive, only methods matching a filter). Threads parked in a wait are left
/// out: the figures are shares of the time spent working. (dotnet-trace is not in this machine's registry.)
/// </summary>
public static class CpuSamples
{
    private static readonly string[] Parked =
        ["WaitOne", "WaitForSignal", "Monitor.Wait", "TryReadEvent", "TryDequeue", "LowLevelLifoSemaphore.Wait", "PollGC", "ManualResetEventSlim.Wait", "Interop+Sys.Read"];

    public static async Task<int> RunAsync(int pid, int seconds, string? filterPattern)
    {
        var filter = new Regex(filterPattern ?? "^(Actors|Orleans|Npgsql|Grpc|Google|System.Text.Json|Microsoft.AspNetCore|System.Security)");
        var trace = Path.Combine(Path.GetTempPath(), $"actors-profile-{pid}.nettrace");
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
        [
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.Default),
        ], requestRundown: true);
        await using (var output = File.Create(trace))
        {
            var copy = session.EventStream.CopyToAsync(output);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            session.Stop();
            await copy;
        }
        session.Dispose();

        var exclusive = new Dictionary<string, int>();
        var inclusive = new Dictionary<string, int>();
        var working = 0;
        using (var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(trace)))
        {
            foreach (var sample in log.Events.Where(e => e.ProviderName == "Microsoft-DotNETCore-SampleProfiler"))
            {
                var stack = sample.CallStack();
                var top = stack?.CodeAddress.FullMethodName ?? "";
                if (stack is null || Parked.Any(top.Contains))
                {
                    continue;
                }
                working++;
                exclusive[Name(stack)] = exclusive.GetValueOrDefault(Name(stack)) + 1;
                var seen = new HashSet<string>();
                for (var frame = stack; frame is not null; frame = frame.Caller)
                {
                    if (seen.Add(Name(frame)))
                    {
                        inclusive[Name(frame)] = inclusive.GetValueOrDefault(Name(frame)) + 1;
                    }
                }
            }
        }
        File.Delete(trace);
        Console.WriteLine($"{working} samples of working threads in {seconds} s");
        Print("exclusive (on top of the stack)", exclusive, _ => true, 30, working);
        Print($"inclusive (anywhere on the stack, matching {filter})", inclusive, filter.IsMatch, 60, working);
        return 0;
    }

    private static string Name(TraceCallStack frame) =>
        frame.CodeAddress.FullMethodName is { Length: > 0 } name ? name : $"{frame.CodeAddress.ModuleName}!(native)";

    private static void Print(string title, Dictionary<string, int> counts, Func<string, bool> include, int rows, int working)
    {
        Console.WriteLine($"--- {title}");
        foreach (var (method, count) in counts.Where(c => include(c.Key)).OrderByDescending(c => c.Value).Take(rows))
        {
            Console.WriteLine($"{count,7} {100.0 * count / Math.Max(1, working),5:0.0}%  {(method.Length > 180 ? method[..180] : method)}");
        }
    }
}
