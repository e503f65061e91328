using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Actors.Bench.Profile;

/// <summary>
/// Asks the runtime of a process for a heap snapshot, the way dotnet-gcdump does (which is not in
/// this machine's registry): the request runs a full blocking collection, during which the runtime
/// reports every live object with its type and size. Prints the live heap by type, largest first,
/// so that bytes per activated user can be split into what holds them.
/// </summary>
public static class HeapHistogram
{
    private const long SnapshotKeywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect |
        ClrTraceEventParser.Keywords.GCHeapDump | ClrTraceEventParser.Keywords.GCHeapAndTypeNames | ClrTraceEventParser.Keywords.Type);

    public static async Task<int> RunAsync(int pid, int rows)
    {
        var typeNames = new Dictionary<ulong, string>();
        var bytesByType = new Dictionary<ulong, (long Bytes, long Count)>();
        long liveBytes = 0, liveObjects = 0;
        var inducedStarted = false;
        GCHeapStatsTraceData? stats = null;
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, SnapshotKeywords)], requestRundown: false, circularBufferMB: 2048);
        var done = new TaskCompletionSource();
        using var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += data => inducedStarted |= data.Reason == GCReason.Induced;
        source.Clr.TypeBulkType += data =>
        {
            for (var i = 0; i < data.Count; i++)
            {
                typeNames[data.Values(i).TypeID] = data.Values(i).TypeName;
            }
        };
        source.Clr.GCBulkNode += data =>
        {
            for (var i = 0; i < data.Count; i++)
            {
                var node = data.Values(i);
                var (bytes, count) = bytesByType.GetValueOrDefault(node.TypeID);
                bytesByType[node.TypeID] = (bytes + (long)node.Size, count + 1);
                liveBytes += (long)node.Size;
                liveObjects++;
            }
        };
        source.Clr.GCHeapStats += data =>
        {
            if (inducedStarted)
            {
                stats = (GCHeapStatsTraceData)data.Clone();
            }
        };
        // The snapshot's type names arrive after the collection ends; stop a little after it.
        source.Clr.GCStop += end =>
        {
            if (inducedStarted)
            {
                _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(delay => done.TrySetResult());
            }
        };
        var processing = Task.Run(source.Process);
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5)));
        session.Stop();
        await processing;
        session.Dispose();

        if (!inducedStarted || liveObjects == 0)
        {
            Console.Error.WriteLine($"no heap snapshot from process {pid}: the runtime ran no requested collection within 5 minutes");
            return 1;
        }
        Console.WriteLine($"live objects: {liveObjects:N0}, {liveBytes:N0} bytes");
        if (stats is not null)
        {
            Console.WriteLine($"heap after the collection: gen0 {stats.GenerationSize0:N0}, gen1 {stats.GenerationSize1:N0}, gen2 {stats.GenerationSize2:N0}, " +
                $"large {stats.GenerationSize3:N0}, pinned {stats.GenerationSize4:N0} bytes");
        }
        Console.WriteLine($"{"bytes",14} {"objects",11}  type");
        foreach (var (type, (bytes, count)) in bytesByType.OrderByDescending(entry => entry.Value.Bytes).Take(rows))
        {
            var name = typeNames.GetValueOrDefault(type, $"type {type:x}");
            Console.WriteLine($"{bytes,14:N0} {count,11:N0}  {(name.Length > 160 ? name[..160] : name)}");
        }
        return 0;
    }
}
