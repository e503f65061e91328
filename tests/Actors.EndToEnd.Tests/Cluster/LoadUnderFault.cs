namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>A cluster with a write load running on it, for a test to break something in the middle of.</summary>
public sealed class LoadUnderFault : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _apiKey;
    private Task? _running;

    private LoadUnderFault(ProcessCluster cluster, string apiKey)
    {
        Cluster = cluster;
        _apiKey = apiKey;
        Load = new WriteLoad(cluster.Gateway.Address, apiKey, workers: 8, usersPerWorker: 16);
    }

    public ProcessCluster Cluster { get; }

    public WriteLoad Load { get; }

    public static async Task<LoadUnderFault> StartAsync(int silos)
    {
        var cluster = await ProcessCluster.StartAsync(silos);
        var run = new LoadUnderFault(cluster, await cluster.CreateLoadTenantAsync());
        run._running = run.Load.RunAsync(run._stop.Token);
        return run;
    }

    /// <summary>Stops the load and reads every user back.</summary>
    public async Task<LoadVerdict> StopAsync()
    {
        await _stop.CancelAsync();
        await _running!;
        return await LoadVerdict.CheckAsync(Load, Cluster.Gateway.Address, _apiKey);
    }

    /// <summary>What the gateway logged about failures it could not explain, for an assertion message.</summary>
    public string UnexplainedFailures()
    {
        var log = Cluster.Gateway.Output;
        var at = log.IndexOf("Unexpected failure", StringComparison.Ordinal);
        return at < 0 ? "the gateway logged no unexpected failure" : log.Substring(at, Math.Min(4000, log.Length - at));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
