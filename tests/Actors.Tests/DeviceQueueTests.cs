using Actors.Sdk;
using Actors.V1;

namespace Actors.Tests;

public sealed class DeviceQueueTests
{
    private static Event Named(string name) => new() { UserId = "u", Name = name };

    [Fact]
    public void A_full_queue_drops_the_oldest_event_when_told_to()
    {
        var queue = new EventQueue(capacity: 3, QueueFullPolicy.DropOldest);

        var dropped = Enumerable.Range(0, 5).Sum(i => queue.Enqueue(Named($"e{i}")));

        Assert.Equal(2, dropped);
        Assert.Equal(["e2", "e3", "e4"], queue.Take(10).Select(e => e.Name));
    }

    [Fact]
    public void A_full_queue_drops_the_new_event_when_told_to()
    {
        var queue = new EventQueue(capacity: 3, QueueFullPolicy.DropNewest);

        var dropped = Enumerable.Range(0, 5).Sum(i => queue.Enqueue(Named($"e{i}")));

        Assert.Equal(2, dropped);
        Assert.Equal(["e0", "e1", "e2"], queue.Take(10).Select(e => e.Name));
    }

    [Fact]
    public void Take_removes_the_oldest_events_up_to_the_batch_size()
    {
        var queue = new EventQueue(capacity: 10, QueueFullPolicy.DropOldest);
        foreach (var i in Enumerable.Range(0, 5))
        {
            queue.Enqueue(Named($"e{i}"));
        }

        Assert.Equal(["e0", "e1"], queue.Take(2).Select(e => e.Name));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void A_batch_returned_goes_back_in_front_in_its_order_within_the_capacity()
    {
        var queue = new EventQueue(capacity: 4, QueueFullPolicy.DropOldest);
        foreach (var i in Enumerable.Range(0, 4))
        {
            queue.Enqueue(Named($"e{i}"));
        }
        var batch = queue.Take(3);
        queue.Enqueue(Named("e4"));
        queue.Enqueue(Named("e5"));

        queue.ReturnToFront(batch);

        // Only one of the three fits again: the newest of the batch, in front of what came after.
        Assert.Equal(["e2", "e3", "e4", "e5"], queue.Take(10).Select(e => e.Name));
    }

    [Fact]
    public void Backoff_waits_are_random_below_a_ceiling_that_doubles_up_to_the_maximum()
    {
        var random = new Random(7);
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(2);

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var ceiling = Math.Min(max.TotalMilliseconds, 100 * Math.Pow(2, attempt));
            var waits = Enumerable.Range(0, 200).Select(_ => Backoff.Delay(attempt, initial, max, random).TotalMilliseconds).ToList();
            Assert.All(waits, w => Assert.InRange(w, 0, ceiling));
            Assert.True(waits.Max() > ceiling * 0.8, $"attempt {attempt}: the waits should spread up to the ceiling");
        }
        Assert.InRange(Backoff.Delay(1000, initial, max, random), TimeSpan.Zero, max);
    }
}
