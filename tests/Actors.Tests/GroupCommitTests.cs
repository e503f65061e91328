using System.Collections.Concurrent;
using Actors.Silo.Storage;

namespace Actors.Tests;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Work_of_one_lane_is_never_in_two_commits_at_once_and_each_caller_gets_its_result()
    {
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        await using var commits = new GroupCommit<(string Lane, int Value), int>(async group =>
        {
            var lanes = group.Select(w => w.Lane).Distinct().ToList();
            lanes.ForEach(lane => { if (inFlight.AddOrUpdate(lane, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps); });
            await Task.Delay(2);
            lanes.ForEach(lane => inFlight.AddOrUpdate(lane, 0, (_, n) => n - 1));
            return [.. group.Select(w => w.Value * 10)];
        }, _ => 1, maxWeight: 3, writers: 4, "commit", "settings", lane: work => work.Lane);

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => commits.EnqueueAsync(($"tenant-{i % 3}", i))));

        Assert.Equal(0, overlaps);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i * 10), results);
    }
}
