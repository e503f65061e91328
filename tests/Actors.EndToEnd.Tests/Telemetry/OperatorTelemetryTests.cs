using System.Net;
using System.Net.Http.Headers;
using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests.Telemetry;

/// <summary>
/// /metrics and the Orleans dashboard on the operator listener: behind the operator key, in
/// Prometheus' format with the platform's figures, never a personal value, never a grain's state.
/// </summary>
public sealed class OperatorTelemetryTests(TelemetryPlatform telemetry) : IClassFixture<TelemetryPlatform>
{
    private RunningPlatform Platform => telemetry.Platform;

    [Fact]
    public async Task Metrics_answer_the_operator_key_in_Prometheus_format_with_the_platforms_figures_and_no_personal_value()
    {
        using var tenant = await TestTenant.CreateAsync(Platform);
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = marker });
        await tenant.Server.ForgetAsync(userId);
        using var http = Client();

        using var answer = await GetAsync(http, "/metrics", Platform.OperatorKey);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE actors_forget_duration_seconds histogram", text);
        Assert.Matches(@"(?m)^actors_forget_duration_seconds_count\{[^}]*\} [1-9]", text);
        Assert.Contains("actors_state_commit_duration_seconds_bucket", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("orleans_", text);
        foreach (var personal in new[] { userId, marker, tenant.ServerKey.ApiKey, Platform.OperatorKey })
        {
            Assert.DoesNotContain(personal, text);
        }
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/ClusterStats")]
    public async Task The_metrics_and_the_dashboard_refuse_a_call_without_the_operator_key(string path)
    {
        using var http = Client();
        using var tenant = await TestTenant.CreateAsync(Platform);

        using var none = await http.GetAsync(path);
        using var tenantKey = await GetAsync(http, path, tenant.ServerKey.ApiKey);
        using var wrong = await GetAsync(http, path, Platform.OperatorKey[..^1]);

        // A browser without a login goes to the console's login page; a script gets 401.
        Assert.True(none.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{path} without a key: {none.StatusCode}");
        Assert.DoesNotContain("actors_", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, tenantKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_shows_the_cluster_to_the_operator_and_never_a_grains_state()
    {
        using var tenant = await TestTenant.CreateAsync(Platform);
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = marker });
        using var http = Client();

        using var page = await GetAsync(http, "/dashboard/", Platform.OperatorKey);
        using var cluster = await GetAsync(http, "/dashboard/ClusterStats", Platform.OperatorKey);
        using var grainTypes = await GetAsync(http, "/dashboard/GrainTypes", Platform.OperatorKey);
        var grainStates = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/dashboard/GrainState", "/dashboard/GrainState/", "/dashboard/grainstate", "/dashboard/GRAINSTATE/" })
        {
            grainStates.Add(await GetAsync(http, $"{path}?grainType=Actors.Grains.Users.UserGrain&grainId=user/x", Platform.OperatorKey));
        }
        using var trace = await GetAsync(http, "/dashboard/Trace", Platform.OperatorKey);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
        Assert.Contains("UserGrain", await grainTypes.Content.ReadAsStringAsync());
        foreach (var state in grainStates)
        {
            Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
            Assert.DoesNotContain(marker, await state.Content.ReadAsStringAsync());
            state.Dispose();
        }
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
    }

    [Fact]
    public async Task Nothing_of_the_telemetry_answers_on_the_gateways_own_ports()
    {
        using var json = new HttpClient(TestTls.Handler()) { BaseAddress = Platform.JsonAddress };
        // The gRPC port speaks HTTP/2 alone.
        using var grpc = new HttpClient(TestTls.Handler())
        {
            BaseAddress = Platform.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        foreach (var port in new[] { json, grpc })
        {
            using var metrics = await GetAsync(port, "/metrics", Platform.OperatorKey, port.DefaultRequestVersion);
            using var dashboard = await GetAsync(port, "/dashboard/", Platform.OperatorKey, port.DefaultRequestVersion);

            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        }
    }

    private HttpClient Client()
    {
        var handler = TestTls.Handler();
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { BaseAddress = Platform.OperatorAddress };
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string bearer, Version? version = null) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
            Version = version ?? HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
}
