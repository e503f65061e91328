using System.Diagnostics;
using Actors.Bench.Activations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet load/bench/Activations/bin/Release/net10.0/Actors.Bench.Activations.dll [COUNT] [HOLD_SECONDS]
// Starts a silo of its own (localhost clustering, no storage, no reminders), activates COUNT grains
// (100000 by default) that hold nothing, keyed like user grains, and prints what each activation
// costs: the live managed heap after a full collection, and the resident set. HOLD_SECONDS keeps
// the activations alive that long afterwards, for a look with the Profile tool's --heap.
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
using var host = Host.CreateDefaultBuilder()
    .UseOrleans(silo => silo.UseLocalhostClustering(siloPort: 11121, gatewayPort: 30021))
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
await grains.GetGrain<IBareGrain>("warm-up").TouchAsync();

var (heapBefore, rssBefore) = Measure();
// A user grain's key: a tenant id, a slash, a 43-character pseudonymous reference.
var tenant = $"t_{Guid.NewGuid():N}";
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 },
    async (i, _) => await grains.GetGrain<IBareGrain>($"{tenant}/{i:D43}").TouchAsync());
var (heapAfter, rssAfter) = Measure();

Console.WriteLine($"bare activations: {count}");
Console.WriteLine($"live heap per activation: {(heapAfter - heapBefore) / count} bytes ({heapBefore >> 20} to {heapAfter >> 20} MB)");
Console.WriteLine($"resident set per activation: {(rssAfter - rssBefore) / count} bytes ({rssBefore >> 20} to {rssAfter >> 20} MB)");
if (args.Length > 1)
{
    await Task.Delay(TimeSpan.FromSeconds(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)));
}
await host.StopAsync();

static (long Heap, long Rss) Measure()
{
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    using var self = Process.GetCurrentProcess();
    return (heap, self.WorkingSet64);
}
