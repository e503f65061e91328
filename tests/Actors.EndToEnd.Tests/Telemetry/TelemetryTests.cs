using System.Diagnostics;
using System.Text;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Activity = System.Diagnostics.Activity;
using Grpc.Core;
using OpenTelemetry.Metrics;
using static Actors.EndToEnd.Tests.Infrastructure.TestEvents;

namespace Actors.EndToEnd.Tests.Telemetry;

/// <summary>
/// Telemetry as shipped, every call traced: what it carries (no personal value anywhere in a
/// span, a metric or a log line), what it counts, and one call's path as one trace.
/// </summary>
public sealed class TelemetryTests(TelemetryPlatform telemetry) : IClassFixture<TelemetryPlatform>
{
    private const string SenderAddress = "203.0.113.77";

    private RunningPlatform Platform => telemetry.Platform;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_whole_scenario_leaves_no_personal_value_in_spans_metrics_or_logs_and_is_counted()
    {
        using var tenant = await TestTenant.CreateAsync(Platform);
        var userId = TestTenant.NewUserId();
        var (email, city, source, property) = (TestTenant.NewMarker(), TestTenant.NewMarker(), TestTenant.NewMarker(), TestTenant.NewMarker());
        var ingested = telemetry.Sum("actors.events.ingested");
        var droppedSuppressed = telemetry.Sum("actors.events.dropped", "suppressed");
        var forgets = telemetry.Recorded("actors.forget.duration");
        var commits = telemetry.Recorded("actors.state.commit.duration");
        var appends = telemetry.Recorded("actors.audit.append.duration");

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = email, ["city"] = city });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, source, "v1");
        await tenant.Server.GetProfileAsync(userId);
        var token = (await tenant.Server.IssueDeviceTokenAsync(userId)).Token;
        using var channel = TestTls.Channel(Platform.Address);
        var device = new Events.EventsClient(channel);
        var headers = new Metadata { { "x-api-key", tenant.DeviceKey.ApiKey }, { "x-device-token", token }, { "x-forwarded-for", SenderAddress } };
        await device.SendEventsAsync(new EventBatch { Events = { At(userId, "app.open", Now, ("sku", property)), At(userId, "purchase", Now) } }, headers);
        Assert.True(telemetry.Sum("actors.users.active") >= 1, "the user's grain is active");
        await tenant.Server.SuppressAsync(userId, "asked to stop");
        await device.SendEventsAsync(new EventBatch { Events = { At(userId, "app.open", Now), At(userId, "app.open", Now), At(userId, "purchase", Now) } }, headers);
        await tenant.Server.ForgetAsync(userId);
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = Guid.NewGuid().ToString(), Type = RequestType.Access, UserId = TestTenant.NewUserId() });

        Assert.Equal(2, telemetry.Sum("actors.events.ingested") - ingested);
        Assert.Equal(3, telemetry.Sum("actors.events.dropped", "suppressed") - droppedSuppressed);
        Assert.Equal(1, telemetry.Recorded("actors.forget.duration") - forgets);
        Assert.True(telemetry.Recorded("actors.state.commit.duration") - commits >= 4, "each write of the user's state was timed to its commit");
        Assert.True(telemetry.Recorded("actors.audit.append.duration") - appends >= 1, "the profile read's audit entry was timed");
        await Poll.UntilAsync(() => Task.FromResult(telemetry.Gauge("actors.requests") >= 1));
        var names = telemetry.FlushedMetrics().Select(m => m.Name).ToHashSet();
        foreach (var expected in new[] { "actors.events.ingested", "actors.events.dropped", "actors.forget.duration", "actors.state.commit.duration",
            "actors.audit.append.duration", "actors.users.active", "actors.requests", "http.server.request.duration" })
        {
            Assert.Contains(expected, names);
        }
        Assert.Contains(names, name => name.StartsWith("orleans-", StringComparison.Ordinal));
        Assert.Contains(names, name => name.StartsWith("db.client.", StringComparison.Ordinal));

        var personal = new[] { userId, email, city, source, property, SenderAddress, tenant.ServerKey.ApiKey, tenant.DeviceKey.ApiKey, token, Platform.OperatorKey };
        var spans = telemetry.FlushedSpans();
        Assert.NotEmpty(spans);
        foreach (var span in spans)
        {
            AssertNoneIn(Describe(span), personal, $"span {span.DisplayName}");
            // The caller's address (here the proxy's, the sender's being in X-Forwarded-For) is never an attribute.
            Assert.Null(span.GetTagItem("client.address"));
            Assert.Null(span.GetTagItem("network.peer.address"));
        }
        foreach (var metric in telemetry.FlushedMetrics())
        {
            AssertNoneIn(Describe(metric), personal, $"metric {metric.Name}");
        }
        AssertNoneIn(telemetry.Logs.Text, personal, "the log");
    }

    [Fact]
    public async Task One_UpsertAttributes_call_is_one_trace_from_the_gateway_through_the_grain_to_the_PostgreSQL_commit()
    {
        using var tenant = await TestTenant.CreateAsync(Platform);
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = TestTenant.NewMarker() });
        var started = DateTime.UtcNow;

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = TestTenant.NewMarker() });

        Activity? call = null;
        await Poll.UntilAsync(() => Task.FromResult((call = telemetry.FlushedSpans().LastOrDefault(s => s.Kind == ActivityKind.Server
            && s.StartTimeUtc >= started && s.DisplayName.Contains("/actors.v1.Profiles/UpsertAttributes", StringComparison.Ordinal))) is not null));
        var trace = telemetry.FlushedSpans().Where(s => s.TraceId == call!.TraceId).ToList();
        var grainCall = Assert.Single(trace, s => s.Source.Name == "Actors"
            && s.Kind == ActivityKind.Server && s.DisplayName.Contains("UserGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Upsert", StringComparison.Ordinal));
        var commit = Assert.Single(trace, s => s.DisplayName == "actors.commit" && (string?)s.GetTagItem("actors.commit.of") == "store grain state");
        Assert.True(IsWithin(commit, grainCall, trace), "the commit is part of the grain call");
        Assert.True(IsWithin(grainCall, call!, trace), "the grain call is part of the gateway's call");
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId);
    }

    private static bool IsWithin(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }
        return false;
    }

    private static void AssertNoneIn(string text, IEnumerable<string> personal, string where)
    {
        foreach (var value in personal)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} carries a personal value: {text}");
        }
    }

    /// <summary>Everything of a span an exporter would send: names, attributes, events, links, status, baggage.</summary>
    private static string Describe(Activity span)
    {
        var text = new StringBuilder().Append(span.DisplayName).Append(' ').Append(span.OperationName).Append(' ').Append(span.StatusDescription);
        foreach (var (key, value) in span.TagObjects)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        foreach (var e in span.Events)
        {
            text.Append(' ').Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        foreach (var link in span.Links)
        {
            foreach (var (key, value) in link.Tags ?? [])
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        foreach (var (key, value) in span.Baggage)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }

    private static string Describe(MetricSnapshot metric)
    {
        var text = new StringBuilder().Append(metric.Name).Append(' ').Append(metric.Description);
        foreach (var point in metric.MetricPoints)
        {
            foreach (var (key, value) in point.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        return text.ToString();
    }
}
