using Actors.V1;

namespace Actors.Sdk;

/// <summary>The events waiting to be sent, bounded, in the order they were tracked.</summary>
internal sealed class EventQueue(int capacity, QueueFullPolicy whenFull)
{
    private readonly LinkedList<Event> _events = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) { return _events.Count; } }
    }

    /// <summary>Adds an event; returns how many events were dropped to respect the capacity (0 or 1).</summary>
    public int Enqueue(Event e)
    {
        lock (_lock)
        {
            if (_events.Count < capacity)
            {
                _events.AddLast(e);
                return 0;
            }
            if (whenFull == QueueFullPolicy.DropOldest)
            {
                _events.RemoveFirst();
                _events.AddLast(e);
            }
            return 1;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest events out of the queue.</summary>
    public List<Event> Take(int max)
    {
        lock (_lock)
        {
            var batch = new List<Event>(Math.Min(max, _events.Count));
            while (batch.Count < max && _events.First is { } first)
            {
                batch.Add(first.Value);
                _events.RemoveFirst();
            }
            return batch;
        }
    }

    /// <summary>
    /// Puts a batch that could not be sent back in front, in its order; if the queue filled up
    /// meanwhile, only the newest of the batch that fit go back.
    /// </summary>
    public void ReturnToFront(List<Event> batch)
    {
        lock (_lock)
        {
            for (var i = batch.Count - 1; i >= 0 && _events.Count < capacity; i--)
            {
                _events.AddFirst(batch[i]);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _events.Clear();
        }
    }
}
