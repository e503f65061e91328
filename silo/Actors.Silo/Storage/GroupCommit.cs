using System.Diagnostics;
using System.Threading.Channels;
using Actors.Silo.Telemetry;

namespace Actors.Silo.Storage;

/// <summary>
/// Group commit: work from many callers queues up, and each of a few writers takes all that is
/// waiting (up to a limit) and stores it in one transaction with one commit, then releases each
/// caller with its own result. Under load many callers share a commit; alone, a caller costs
/// what its transaction costs without the queue. If a commit fails, every caller in it gets
/// the failure (and logs it, through <see cref="DatabaseFailure"/>): nothing of the group was stored.
/// <para>
/// With a lane, work of one lane (a tenant whose audit chain head a commit locks) always goes
/// to the same writer: two writers of a process would only queue on that lock, each with half
/// a group, where one writer carries it all in the next commit. Other lanes commit in parallel.
/// </para>
/// <para>
/// Traced as one span per commit, a child of the first caller's span and linked to every other
/// caller's: a commit serves many traces, and each of them can find it.
/// </para>
/// </summary>
public sealed class GroupCommit<TWork, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TWork>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly Func<TWork, int> _weight;
    private readonly int _maxWeight;
    private readonly string _what;
    private readonly Func<TWork, string?>? _lane;
    private readonly Action<TimeSpan>? _durable;
    private readonly Channel<Pending>[] _pending;
    private readonly Task[] _writers;

    /// <param name="commit">Stores a group in one transaction; returns one result per work item, in order.</param>
    /// <param name="weight">What an item counts towards <paramref name="maxWeight"/>, the most one commit carries.</param>
    /// <param name="writers">Commits in flight at once: one fills while another commits.</param>
    /// <param name="settings">The settings that gave <paramref name="maxWeight"/> and <paramref name="writers"/>, for the error message.</param>
    /// <param name="lane">The lane of an item, or null for none; without lanes every writer takes any work.</param>
    /// <param name="durable">Told, for each item stored, how long it waited from its caller's enqueue (a latency metric).</param>
    public GroupCommit(Func<IReadOnlyList<TWork>, Task<IReadOnlyList<TResult>>> commit, Func<TWork, int> weight,
        int maxWeight, int writers, string what, string settings, Func<TWork, string?>? lane = null, Action<TimeSpan>? durable = null)
    {
        if (maxWeight < 1 || writers < 1)
        {
            throw new InvalidOperationException($"{settings} must be at least 1 (are {maxWeight} and {writers})");
        }
        (_commit, _weight, _maxWeight, _what, _lane, _durable) = (commit, weight, maxWeight, what, lane, durable);
        _pending = lane is null
            ? [Channel.CreateUnbounded<Pending>()]
            : [.. Enumerable.Range(0, writers).Select(_ => Channel.CreateUnbounded<Pending>())];
        // The writers serve every caller: they must not carry the span (or any other context) of
        // whoever made this store first, or every commit would look part of that one call.
        using (ExecutionContext.SuppressFlow())
        {
            _writers = [.. Enumerable.Range(0, writers).Select(i => Task.Run(() => WriteAsync(_pending[i % _pending.Length].Reader)))];
        }
    }

    /// <summary>The item's result, once the commit that carried it is durable.</summary>
    public Task<TResult> EnqueueAsync(TWork work)
    {
        var pending = new Pending(work);
        return _pending[LaneOf(work)].Writer.TryWrite(pending) ? pending.Done.Task : throw DatabaseFailure.Unavailable($"{_what} while the silo stops");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _pending)
        {
            channel.Writer.TryComplete();
        }
        await Task.WhenAll(_writers);
    }

    private int LaneOf(TWork work) =>
        _pending.Length == 1 ? 0
        : _lane!(work) is { } lane ? (int)((uint)StringComparer.Ordinal.GetHashCode(lane) % (uint)_pending.Length)
        : Random.Shared.Next(_pending.Length);

    private async Task WriteAsync(ChannelReader<Pending> pendingWork)
    {
        var group = new List<Pending>();
        while (await pendingWork.WaitToReadAsync())
        {
            group.Clear();
            var weight = 0;
            while (weight < _maxWeight && pendingWork.TryRead(out var pending))
            {
                group.Add(pending);
                weight += _weight(pending.Work);
            }
            if (group.Count == 0)
            {
                continue; // another writer took what woke this one
            }
            using var span = PlatformTracing.StartCommit(_what, group.Count, group.Select(p => p.Caller));
            try
            {
                var results = await _commit([.. group.Select(p => p.Work)]);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(results[i]);
                    _durable?.Invoke(Stopwatch.GetElapsedTime(group[i].Enqueued));
                }
            }
            catch (Exception e)
            {
                span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                group.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private sealed record Pending(TWork Work)
    {
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        /// <summary>The span of the call that queued the work, if it is traced.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;
    }
}
