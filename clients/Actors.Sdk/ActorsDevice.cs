using Actors.Client;
using Actors.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Actors.Sdk;

/// <summary>
/// One app's reporting channel for its signed-in user. <see cref="Track"/> only queues; batches
/// go out in the background by size and by time, and are retried with backoff while the
/// platform is unreachable. <see cref="SuppressAsync"/> and <see cref="ForgetAsync"/> clear the
/// queue first, and after either nothing more is sent.
/// </summary>
public sealed class ActorsDevice : IAsyncDisposable
{
    private static readonly HashSet<StatusCode> Transient =
        [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted, StatusCode.Aborted];

    private readonly ActorsDeviceOptions _options;
    private readonly ActorsClient _client;
    private readonly EventQueue _queue;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _halt = new();
    private readonly Random _jitter = new();
    private readonly Task _background;
    private volatile bool _stopped;
    private volatile bool _disposed;
    private long _sent, _batches, _droppedFull, _rejected, _retries;
    private string? _lastError;

    public ActorsDevice(ActorsDeviceOptions options)
    {
        if (options.MaxBatchSize is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchSize must be 1 to 500, the platform's batch limit");
        }
        _options = options;
        _client = new ActorsClient(new ActorsClientOptions { Address = options.Address, ApiKey = options.DeviceKey, DeviceTokenProvider = options.UserTokenProvider, CaCertificatePath = options.CaCertificatePath });
        _queue = new EventQueue(options.MaxQueuedEvents, options.WhenFull);
        _background = Task.Run(SendInBackgroundAsync);
    }

    public DeviceStatistics Statistics => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _batches), Interlocked.Read(ref _droppedFull),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _retries), _queue.Count, _lastError);

    /// <summary>
    /// Queues an event about the user; false once the user suppressed or was forgotten, after
    /// disposal, or for a name the platform would refuse ([a-z][a-z0-9_.]{0,63}), which would
    /// otherwise cost the whole batch it travels in.
    /// </summary>
    public bool Track(string name, IReadOnlyDictionary<string, string>? properties = null)
    {
        if (_stopped || _disposed || !IsEventName(name) || properties?.Keys.All(IsEventName) == false)
        {
            return false;
        }
        var e = new Event { UserId = _options.UserId, Name = name, OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            e.Properties[key] = value;
        }
        Interlocked.Add(ref _droppedFull, _queue.Enqueue(e));
        if (_queue.Count >= _options.MaxBatchSize && _wake.CurrentCount == 0)
        {
            _wake.Release();
        }
        return true;
    }

    private static bool IsEventName(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.');

    /// <summary>Sends every waiting event now, retrying transient failures until done or cancelled.</summary>
    public async Task FlushAsync(CancellationToken cancellation = default)
    {
        while (!_stopped && _queue.Count > 0)
        {
            await SendBatchAsync(cancellation);
        }
    }

    /// <summary>The user restricts processing: drops the waiting events, stops sending, tells the platform.</summary>
    public Task SuppressAsync(string reason, CancellationToken cancellation = default) =>
        StopThenAsync(() => _client.SuppressAsync(_options.UserId, reason, cancellation), cancellation);

    /// <summary>The user asks to be forgotten: drops the waiting events, stops sending, erases the user.</summary>
    public Task ForgetAsync(CancellationToken cancellation = default) =>
        StopThenAsync(() => _client.ForgetAsync(_options.UserId, cancellation), cancellation);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using (var last = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await FlushAsync(last.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ActorsApiException)
            {
                // The app is closing: what could not be sent in time is given up.
            }
        }
        await _stop.CancelAsync();
        await _background;
        _client.Dispose();
        _stop.Dispose();
        _halt.Dispose();
    }

    /// <summary>
    /// Stops first, so no batch starts after this; waits for a batch in flight, so the platform
    /// sees the events before the request; then makes it.
    /// </summary>
    private async Task StopThenAsync(Func<Task> request, CancellationToken cancellation)
    {
        _stopped = true;
        _queue.Clear();
        // A batch waiting out a backoff gives up now, rather than holding the request back.
        await _halt.CancelAsync();
        await _sending.WaitAsync(cancellation);
        try
        {
            _queue.Clear();
            await request();
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task SendInBackgroundAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Woken because a batch is full: send the full batches; the rest waits for the interval.
                var full = await _wake.WaitAsync(_options.FlushInterval, _stop.Token);
                while (!_stopped && _queue.Count >= (full ? _options.MaxBatchSize : 1))
                {
                    await SendBatchAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ActorsApiException e)
            {
                _lastError = $"{e.Status}: {e.Detail}";
            }
        }
    }

    /// <summary>Takes one batch out of the queue and sends it, retrying it alone until it is answered.</summary>
    private async Task SendBatchAsync(CancellationToken caller)
    {
        await _sending.WaitAsync(caller);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _halt.Token);
        var cancellation = linked.Token;
        try
        {
            var batch = _stopped ? [] : _queue.Take(_options.MaxBatchSize);
            for (var attempt = 0; batch.Count > 0 && !_stopped; attempt++)
            {
                try
                {
                    await _client.SendEventsAsync(batch, cancellation);
                    Interlocked.Add(ref _sent, batch.Count);
                    Interlocked.Increment(ref _batches);
                    return;
                }
                catch (ActorsApiException e) when (Transient.Contains(e.Status))
                {
                    _lastError = $"{e.Status}: {e.Detail}";
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff, _jitter), cancellation);
                }
                catch (OperationCanceledException) when (_halt.IsCancellationRequested)
                {
                    return; // stopped by suppress or forget: the batch is given up on purpose
                }
                catch (OperationCanceledException)
                {
                    // The app stopped waiting, not the user: the events wait for the next flush.
                    _queue.ReturnToFront(batch);
                    throw;
                }
                catch (ActorsApiException e) when (e.Status == StatusCode.Cancelled && _halt.IsCancellationRequested)
                {
                    return;
                }
                catch (ActorsApiException e)
                {
                    // Refused for what it holds or for the key: sending it again would be refused again.
                    _lastError = $"{e.Status}: {e.Detail}";
                    Interlocked.Add(ref _rejected, batch.Count);
                    if (e.Status != StatusCode.InvalidArgument)
                    {
                        throw;
                    }
                    return;
                }
            }
        }
        finally
        {
            _sending.Release();
        }
    }
}
