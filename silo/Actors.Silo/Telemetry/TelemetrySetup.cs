using Actors.Abstractions.Telemetry;
using Actors.Silo.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Actors.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for every process: metrics always (the platform's meter, Orleans', ASP.NET
/// Core's, Npgsql's, the runtime's), served to Prometheus on the operator listener and sent over
/// OTLP when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint; traces only where
/// something takes them (an OTLP endpoint, or <see cref="TelemetryOptions.Tracing"/>), sampled,
/// with the attributes that may carry personal data taken off first.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The Orleans meter.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// ASP.NET Core's own meters: request duration (with error.type) and active requests, and
    /// Kestrel's connections and TLS handshakes. Named here rather than by the instrumentation
    /// package's AddAspNetCoreInstrumentation, which wraps every request in a middleware of its
    /// own for what ASP.NET Core already records, and adds the routing, authentication and
    /// authorization meters, which count every call for nothing an operator reads.
    /// </summary>
    private static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>The standard variables that name an OTLP endpoint, for every signal or one.</summary>
    private static readonly string[] OtlpVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    /// <summary>
    /// Instruments recorded on every call that tell an operator nothing the request duration,
    /// the platform's meter or Orleans' aggregates do not: left out so that metrics cost a call
    /// as little as they can (docs/benchmarks.md, "Telemetry").
    /// </summary>
    private static readonly string[] PerCallInstrumentsDropped =
    [
        "kestrel.queued_requests",
        "orleans-messaging-sent-messages-size",
        "orleans-messaging-received-messages-size",
    ];

    private static Sampler SamplerOf(TelemetryOptions telemetry)
    {
        var ratio = new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio);
        return new ParentBasedSampler(ratio, remoteParentSampled: ratio, remoteParentNotSampled: new AlwaysOffSampler(),
            localParentSampled: new AlwaysOnSampler(), localParentNotSampled: new AlwaysOffSampler());
    }

    public static TelemetryOptions AddPlatformTelemetry(this IHostApplicationBuilder builder, PlatformOptions options)
    {
        var telemetry = TelemetryOptions.Read(builder.Configuration);
        if (telemetry.TraceSampleRatio is < 0 or > 1 || double.IsNaN(telemetry.TraceSampleRatio))
        {
            throw new Hosting.Startup.StartupFailure($"{TelemetryOptions.Section}:TraceSampleRatio is {telemetry.TraceSampleRatio}; it must be from 0 (no call traced unless its caller asks) to 1 (every call)");
        }
        builder.Services.AddSingleton(telemetry);
        if (!telemetry.Enabled)
        {
            telemetry.Dashboard = false;
            return telemetry;
        }
        var otlp = OtlpVariables.Any(variable => !string.IsNullOrWhiteSpace(builder.Configuration[variable]));
        // From here on Tracing says whether spans are made at all: the grain calls carry a trace
        // context only then (docs/benchmarks.md, "Telemetry": carrying it costs every call).
        telemetry.Tracing |= otlp;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("actors", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(), serviceInstanceId: $"{options.Role}-{options.SiloPort}".ToLowerInvariant())
                .AddAttributes([new("actors.region", options.Region), new("actors.role", options.Role.ToString())]))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformMetrics.MeterName, OrleansMeter, "Npgsql")
                    .AddMeter(AspNetCoreMeters)
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                foreach (var instrument in PerCallInstrumentsDropped)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }
                // Scraped where the operator listener serves /metrics; elsewhere (silos, a gateway of several regions) OTLP only.
                if (options.ServesOperatorListener)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (telemetry.Tracing)
        {
            otel.WithTracing(tracing => tracing
                // The ratio decides for a caller's sampled trace too: a device must not choose to
                // have every one of its calls traced. A call kept joins its caller's trace.
                .SetSampler(SamplerOf(telemetry))
                .AddSource(PlatformTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.RecordException = false)
                .AddHttpClientInstrumentation(http => http.RecordException = false)
                .AddNpgsql()
                .AddProcessor<PersonalDataScrubber>());
        }
        if (otlp)
        {
            otel.UseOtlpExporter();
        }
        return telemetry;
    }

    /// <summary>The request gauges, counted by a process that holds the cell's data database and serves the operator listener.</summary>
    public static IServiceCollection AddRequestGauges(this IServiceCollection services, TelemetryOptions telemetry)
    {
        if (telemetry.Enabled)
        {
            services.AddHostedService<RequestGauges>();
        }
        return services;
    }

    /// <summary>Grain calls carry the caller's trace context where spans are made; the dashboard's silo side, without its live log stream.</summary>
    public static ISiloBuilder UseSiloTelemetry(this ISiloBuilder silo, TelemetryOptions telemetry)
    {
        if (!telemetry.Enabled)
        {
            return silo;
        }
        if (telemetry.Tracing)
        {
            silo.AddOutgoingGrainCallFilter<TracedOutgoingGrainCalls>().AddIncomingGrainCallFilter<TracedIncomingGrainCalls>();
        }
        silo.Services.AddSingleton<IConfigureGrainContextProvider, ActiveUserGrains>();
        if (telemetry.Dashboard)
        {
            silo.AddDashboard(dashboard => dashboard.HideTrace = true);
        }
        return silo;
    }

    public static IClientBuilder UseClientTelemetry(this IClientBuilder client, TelemetryOptions telemetry)
    {
        if (!telemetry.Enabled)
        {
            return client;
        }
        if (telemetry.Tracing)
        {
            client.AddOutgoingGrainCallFilter<TracedOutgoingGrainCalls>();
        }
        if (telemetry.Dashboard)
        {
            client.AddDashboard(dashboard => dashboard.HideTrace = true);
        }
        return client;
    }
}
