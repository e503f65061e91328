using System.Collections.Concurrent;
using System.Security.Cryptography;
using Actors.Api.Users;

namespace Actors.Tests;

public sealed class HmacPoolTests
{
    [Fact]
    public void Reused_contexts_give_every_concurrent_caller_the_HMAC_of_its_own_data()
    {
        // A context returned to the pool with data still in it, or shared by two callers at
        // once, would give some caller a different hash.
        var key = RandomNumberGenerator.GetBytes(32);
        var pool = new HmacPool(key);
        // Inputs of up to 16 KB keep each hash long enough for callers to overlap.
        var inputs = Enumerable.Range(0, 4_000).Select(i => RandomNumberGenerator.GetBytes(1 + i * 7 % 16_384)).ToArray();

        var hashes = new byte[inputs.Length][];
        // Threads of their own: the test runner's scheduler would run a Parallel.For on one thread.
        const int threads = 4;
        var start = new Barrier(threads);
        var failures = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                for (var i = t; i < inputs.Length; i += threads)
                {
                    hashes[i] = new byte[HMACSHA256.HashSizeInBytes];
                    pool.Hash(inputs[i], hashes[i]);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);

        Assert.All(Enumerable.Range(0, inputs.Length), i => Assert.Equal(HMACSHA256.HashData(key, inputs[i]), hashes[i]));
    }

    [Fact]
    public void Pools_of_different_keys_give_different_hashes()
    {
        var data = "ada@example.com"u8.ToArray();
        var (first, second) = (new byte[32], new byte[32]);

        new HmacPool(RandomNumberGenerator.GetBytes(32)).Hash(data, first);
        new HmacPool(RandomNumberGenerator.GetBytes(32)).Hash(data, second);

        Assert.NotEqual(first, second);
    }
}
