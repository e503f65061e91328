namespace Actors.Silo.Telemetry;

/// <summary>The process's telemetry, section <c>Actors:Telemetry</c> (docs/operations.md, "Telemetry").</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Actors:Telemetry";

    public static TelemetryOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>
    /// Off: no OpenTelemetry at all (no metrics, no /metrics, no spans, no dashboard), for the
    /// benchmark that measures what telemetry costs. On as shipped.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The share of calls traced (0 to 1). It decides for a call that arrives with a sampled
    /// trace context too, so that no caller can have all its calls traced; a traced call joins
    /// its caller's trace. docs/benchmarks.md ("Telemetry") has what tracing costs.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.05;

    /// <summary>
    /// Records spans even without an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), for an exporter
    /// added in code (the tests' in-memory one). Without either, no span is made at all, and
    /// grain calls carry no trace context. Once the process has started it says whether spans
    /// are made (set when an OTLP endpoint is named).
    /// </summary>
    public bool Tracing { get; set; }

    /// <summary>Serves /metrics on the operator listener without the operator key, for a scraper that cannot send one.</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>How often the request gauges (by state, due within 7 days, overdue) are counted again.</summary>
    public TimeSpan RequestGaugePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serves the Orleans dashboard on the operator listener (/dashboard); its profiler times every grain call.</summary>
    public bool Dashboard { get; set; } = true;
}
