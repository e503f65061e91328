namespace Actors.Silo.Cells;

/// <summary>
/// One region's cell as a gateway of several regions holds it: a host of its own with the
/// gateway's services for that cell (its Orleans client, its database, its audit recorder),
/// started in the background and tried again until the cell answers, so that a region down
/// at start-up holds back none of the others.
/// </summary>
/// <param name="refuse">Called with the reason when the cell's settings are wrong: retrying would not help.</param>
public sealed class CellHost(string region, Func<IHost> build, Action<string> refuse, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    private volatile bool _running;
    private IHost? _host;

    public string Region { get; } = region;

    /// <summary>True once the cell's Orleans client has connected; calls are routed to it from then on.</summary>
    public bool IsRunning => _running;

    /// <summary>The cell's services; only while <see cref="IsRunning"/>.</summary>
    public IServiceProvider Services => _host!.Services;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            // A host whose start failed is not started again: each attempt builds a fresh one.
            var host = build();
            try
            {
                await host.StartAsync(stopping);
                _host = host;
                _running = true;
                logger.LogInformation("Region {Region}: connected to its cell", Region);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested && e.GetBaseException() is Hosting.Startup.StartupFailure wrong)
            {
                await DisposeAsync(host);
                refuse($"region {Region}: {wrong.Message}");
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning("Region {Region}: its cell cannot be reached yet ({Reason}); trying again in {Period}", Region, e.GetBaseException().Message, RetryPeriod);
                await DisposeAsync(host);
                await Task.Delay(RetryPeriod, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (_host is { } host)
        {
            await host.StopAsync(cancellation);
        }
    }

    public ValueTask DisposeAsync() => _host is { } host ? DisposeAsync(host) : ValueTask.CompletedTask;

    private static async ValueTask DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
