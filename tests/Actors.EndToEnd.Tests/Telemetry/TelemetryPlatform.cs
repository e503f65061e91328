using System.Diagnostics;
using System.Diagnostics.Metrics;
using Actors.Abstractions.Telemetry;
using Actors.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Actors.EndToEnd.Tests.Telemetry;

/// <summary>
/// A platform with its telemetry as shipped, every call traced, and in-memory exporters beside
/// it: every span, metric and log line it makes is kept for the tests to search.
/// </summary>
public sealed class TelemetryPlatform : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private MeterListener? _platformMeter;
    private readonly Dictionary<string, long> _platformSums = [];
    private readonly Dictionary<string, long> _gauges = [];

    public RunningPlatform Platform { get; private set; } = null!;

    public List<Activity> Spans { get; } = [];

    public List<MetricSnapshot> Metrics { get; } = [];

    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Platform = new RunningPlatform(_database)
        {
            Logs = Logs,
            ExtraSettings =
            {
                ["Actors:Telemetry:Tracing"] = "true",
                ["Actors:Telemetry:TraceSampleRatio"] = "1",
                ["Actors:Telemetry:RequestGaugePeriod"] = "00:00:01",
                ["Actors:Gateway:TrustedProxies:0"] = "127.0.0.1",
                // Every line the platform would write at Information and above, Orleans' and ASP.NET Core's too.
                ["Logging:LogLevel:Default"] = "Information",
            },
            Configure = builder =>
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
                builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            },
        };
        await Platform.StartAsync();
        ListenToThisPlatformsMeter();
    }

    /// <summary>The sum of a counter or up-down counter of the platform's meter, counted by this platform alone since it started.</summary>
    public long Sum(string instrument, string? reason = null)
    {
        lock (_platformSums)
        {
            return _platformSums.GetValueOrDefault(reason is null ? instrument : $"{instrument}/{reason}");
        }
    }

    /// <summary>How many values a histogram of the platform's meter recorded, on this platform alone.</summary>
    public long Recorded(string histogram) => Sum($"{histogram}#count");

    /// <summary>What an observable gauge of the platform's meter reads now, summed over its series.</summary>
    public long Gauge(string instrument)
    {
        lock (_platformSums)
        {
            _gauges.Remove(instrument);
        }
        _platformMeter!.RecordObservableInstruments();
        lock (_platformSums)
        {
            return _gauges.GetValueOrDefault(instrument);
        }
    }

    /// <summary>Every metric exported so far, the exporters flushed first.</summary>
    public IReadOnlyList<MetricSnapshot> FlushedMetrics()
    {
        Platform.Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (Metrics)
        {
            return [.. Metrics];
        }
    }

    public IReadOnlyList<Activity> FlushedSpans()
    {
        Platform.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (Spans)
        {
            return [.. Spans];
        }
    }

    public async Task DisposeAsync()
    {
        _platformMeter?.Dispose();
        await Platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>
    /// Measurements of this platform's own meter factory only: meters are process-wide, and the
    /// exporters above also see what other platforms of the test run left behind.
    /// </summary>
    private void ListenToThisPlatformsMeter()
    {
        var factory = Platform.Services.GetRequiredService<IMeterFactory>();
        _platformMeter = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PlatformMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _platformMeter.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            lock (_platformSums)
            {
                var key = $"{instrument.Name}#count";
                _platformSums[key] = _platformSums.GetValueOrDefault(key) + 1;
            }
        });
        _platformMeter.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_platformSums)
            {
                if (instrument.IsObservable)
                {
                    _gauges[instrument.Name] = _gauges.GetValueOrDefault(instrument.Name) + value;
                    return;
                }
                _platformSums[instrument.Name] = _platformSums.GetValueOrDefault(instrument.Name) + value;
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        var key = $"{instrument.Name}/{tag.Value}";
                        _platformSums[key] = _platformSums.GetValueOrDefault(key) + value;
                    }
                }
            }
        });
        _platformMeter.Start();
    }
}
