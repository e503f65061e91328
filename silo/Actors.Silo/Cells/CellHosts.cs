namespace Actors.Silo.Cells;

/// <summary>The cells of a gateway of several regions, started in the background with the process and stopped with it.</summary>
public sealed class CellHosts(IReadOnlyList<CellHost> cells) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _starts = Task.CompletedTask;

    public IReadOnlyList<CellHost> All => cells;

    public CellHost? Find(string region) => cells.FirstOrDefault(c => c.Region == region);

    /// <summary>A cell that runs, for a call any cell can answer (a refusal of a tenant no region has).</summary>
    public CellHost? AnyRunning => cells.FirstOrDefault(c => c.IsRunning);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starts = Task.WhenAll(cells.Select(c => Task.Run(() => c.RunAsync(_stopping.Token))));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starts.ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAll(cells.Select(c => c.StopAsync(cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cell in cells)
        {
            await cell.DisposeAsync();
        }
        _stopping.Dispose();
    }
}
