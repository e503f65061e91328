using System.Net;
using System.Net.Http.Headers;
using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests.Console;

/// <summary>
/// The operator listener refuses what comes without the operator key, and keeps apart from the
/// gateway's ports: no console on the gRPC or JSON port, no gateway route on the listener.
/// Plain HTTP clients over TLS that trust the test CA only.
/// </summary>
public sealed class ConsoleAccessTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform _platform = fixture.Platform;

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/tenants")]
    [InlineData("/console/incidents")]
    [InlineData("/console/tenants/acme/audit")]
    public async Task A_console_page_without_a_login_sends_the_browser_to_the_login_page(string path)
    {
        using var http = Client(_platform.OperatorAddress);

        using var answer = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/console/login", answer.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_bearer_must_be_the_operator_key()
    {
        using var http = Client(_platform.OperatorAddress);

        using var wrong = await GetAsync(http, "/console/tenants", _platform.OperatorKey[..^1]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("the bearer token is not the operator key\n", await wrong.Content.ReadAsStringAsync());
        using var tenantKey = await GetAsync(http, "/console/tenants", (await TestTenant.CreateAsync(_platform)).ServerKey.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, tenantKey.StatusCode);

        using var right = await GetAsync(http, "/console/tenants", _platform.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("<table id=\"tenants\">", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_login_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var http = Client(_platform.OperatorAddress);

        using var answer = await http.PostAsync("/console/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = _platform.OperatorKey }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain(answer.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("__Host-actors-console=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_console_is_not_on_the_JSON_or_gRPC_port_and_the_gateway_is_not_on_the_operator_listener()
    {
        using var json = Client(_platform.JsonAddress);
        using var onJson = await GetAsync(json, "/console/login", _platform.OperatorKey);
        Assert.Equal(HttpStatusCode.NotFound, onJson.StatusCode);
        // Not even when the Host header names the operator listener.
        using var named = new HttpRequestMessage(HttpMethod.Get, "/console/tenants") { Headers = { Host = _platform.OperatorAddress.Authority } };
        named.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _platform.OperatorKey);
        using var namedAnswer = await json.SendAsync(named);
        Assert.Equal(HttpStatusCode.NotFound, namedAnswer.StatusCode);

        using var grpc = Client(_platform.Address);
        using var onGrpc = await grpc.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console/login") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);

        using var operatorListener = Client(_platform.OperatorAddress);
        using var discovery = await GetAsync(operatorListener, "/opendsr/v1/discovery", _platform.OperatorKey);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
        using var discoveryOnJson = await json.GetAsync("/opendsr/v1/discovery");
        Assert.Equal(HttpStatusCode.OK, discoveryOnJson.StatusCode);
    }

    private static HttpClient Client(Uri address)
    {
        var handler = TestTls.Handler();
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { BaseAddress = address };
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string bearer) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) } });
}
