using System.Collections.Concurrent;
using HdrHistogram;

namespace Actors.Load.Runner;

/// <summary>Counts and latencies of one step (or of whole iterations), safe to record from many threads.</summary>
public sealed class StepStatistics(string name)
{
    /// <summary>Microseconds, up to 5 minutes, 3 significant digits.</summary>
    private readonly LongConcurrentHistogram _latency = new(1, 300_000_000, 3);
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _ok;
    private long _minMicros = long.MaxValue;

    public string Name { get; } = name;

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => _failures.Values.Sum();

    /// <summary>Failures by gRPC status (or exception type), most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Failures => [.. _failures.OrderByDescending(f => f.Value)];

    public HistogramBase Latency => _latency;

    public double MinMilliseconds => Ok + Failed == 0 ? 0 : Interlocked.Read(ref _minMicros) / 1000.0;

    public void RecordOk(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _ok);
        Record(elapsed);
    }

    public void RecordFailure(string status, TimeSpan elapsed)
    {
        _failures.AddOrUpdate(status, 1, (_, count) => count + 1);
        Record(elapsed);
    }

    public double Percentile(double p) => _latency.TotalCount == 0 ? 0 : _latency.GetValueAtPercentile(p) / 1000.0;

    public double MeanMilliseconds => _latency.TotalCount == 0 ? 0 : _latency.GetMean() / 1000.0;

    public double MaxMilliseconds => _latency.TotalCount == 0 ? 0 : _latency.GetMaxValue() / 1000.0;

    private void Record(TimeSpan elapsed)
    {
        var micros = Math.Clamp((long)elapsed.TotalMicroseconds, 1, 300_000_000);
        _latency.RecordValue(micros);
        long seen;
        while (micros < (seen = Interlocked.Read(ref _minMicros)) && Interlocked.CompareExchange(ref _minMicros, micros, seen) != seen)
        {
        }
    }
}
