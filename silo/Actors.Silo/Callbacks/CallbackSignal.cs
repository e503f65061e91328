using System.Threading.Channels;

namespace Actors.Silo.Callbacks;

/// <summary>Wakes the dispatcher early: a new outbox row was committed, or a delivery finished and freed a slot.</summary>
public sealed class CallbackSignal
{
    // One pending wake-up is enough: the dispatcher looks at everything due when it wakes.
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            _wakeUps.Reader.TryRead(out _);
            return;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _wakeUps.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
