using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

/// <summary>Refusals as clients outside .NET see them: JSON bodies, raw gRPC headers, which key a method needs.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ErrorMessagesTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_bad_value_in_a_JSON_batch_is_named_by_its_JSON_pointer_and_nothing_is_stored()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        using var http = Json(tenant.ServerKey.ApiKey);
        var now = DateTimeOffset.UtcNow.ToString("O");
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var cases = new (object Body, string Pointer, string Expected)[]
        {
            (Batch(userId, now, now, now, "yesterday"), "/events/3/occurredAt", "RFC 3339"),
            (new { events = new object[] { new { userId, name = "app.open", occurredAt = now, properties = new { screen = 7 } } } }, "/events/0/properties/screen", "JSON string"),
            (new { events = new object[] { new { userId, name = "app.open", occurredAt = now, colour = "red" } } }, "/events/0/colour", "not a field"),
            (new { events = "all of them" }, "/events", "JSON array"),
            (new { events = new object[] { new { userId, name = "Bad Name", occurredAt = now } } }, "/events/0/name", "must start"),
        };
        foreach (var (body, pointer, expected) in cases)
        {
            using var answer = await http.PostAsJsonAsync("/v1/events:batch", body);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{pointer}: {answer.StatusCode} {text}");
            var error = JsonDocument.Parse(text).RootElement;
            Assert.StartsWith($"{pointer}: ", error.GetProperty("message").GetString());
            Assert.Contains(expected, error.GetProperty("message").GetString());
            Assert.Equal(pointer, error.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        }

        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
    }

    [Fact]
    public async Task An_OpenDSR_body_with_a_bad_value_is_refused_naming_the_field()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var client = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.ServerKey.ApiKey);
        var body = OpenDsrClient.Body(Guid.NewGuid().ToString(), "erasure", TestTenant.NewUserId());
        body["submitted_time"] = "yesterday";

        using var answer = await client.PostAsync(body);
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(400, (int)answer.StatusCode);
        Assert.Equal("/submitted_time", error.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("RFC 3339", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_refused_JSON_call_gets_a_JSON_error_body_not_an_empty_one()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var noKey = Json(apiKey: null);
        using var badKey = Json("not-a-key");
        using var openDsrWithDevice = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.DeviceKey.ApiKey);
        var batch = Batch(TestTenant.NewUserId(), DateTimeOffset.UtcNow.ToString("O"));

        foreach (var (answer, status) in new[]
        {
            (await noKey.PostAsJsonAsync("/v1/events:batch", batch), HttpStatusCode.Unauthorized),
            (await badKey.PostAsJsonAsync("/v1/events:batch", batch), HttpStatusCode.Unauthorized),
            (await openDsrWithDevice.GetAsync($"/opendsr/v1/requests/{Guid.NewGuid()}"), HttpStatusCode.Forbidden),
        })
        {
            using var _ = answer;
            var text = await answer.Content.ReadAsStringAsync();
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
            var root = JsonDocument.Parse(text).RootElement;
            var message = root.TryGetProperty("error", out var openDsr) ? openDsr.GetProperty("message").GetString() : root.GetProperty("message").GetString();
            Assert.False(string.IsNullOrWhiteSpace(message), text);
        }
    }

    [Fact]
    public async Task The_grpc_message_header_is_percent_encoded_only_where_the_gRPC_spec_says()
    {
        using var raw = new RawGrpcCall(fixture.Platform.Address);
        var body = RawGrpcCall.Frame(new GetProfileRequest { UserId = "u" }.ToByteArray());

        var header = await raw.RawMessageAsync("/actors.v1.Profiles/GetProfile", "t-acme.k1.secret", body);

        // Spaces, commas and apostrophes go as they are; grpc-js and grpc-go show the text as written.
        Assert.Equal("the API key is unknown, revoked or malformed", header);
        Assert.Equal("caf%C3%A9 100%25", Actors.Api.Errors.GrpcMessage.Encode("café 100%"));
    }

    [Fact]
    public async Task Permission_denied_says_which_kind_of_key_the_method_needs_and_which_was_presented()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var operatorAsTenant = fixture.Client(fixture.Platform.OperatorKey);
        using var admin = fixture.Admin();
        using var serverAsOperator = new Actors.Client.ActorsAdminClient(new Actors.Client.ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = fixture.Platform.Address, ApiKey = tenant.ServerKey.ApiKey });

        var serverOnOperatorMethod = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => serverAsOperator.GetTenantAsync(tenant.Id));
        var operatorOnTenantMethod = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => operatorAsTenant.GetProfileAsync("u"));
        var deviceOnServerMethod = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.GetProfileAsync("u"));

        Assert.Equal("this method needs the operator key; the call presented a tenant server key", serverOnOperatorMethod.Detail);
        Assert.StartsWith("this method needs a tenant server key; the call presented the operator key", operatorOnTenantMethod.Detail);
        Assert.StartsWith("this method needs a tenant server key; the call presented a tenant device key", deviceOnServerMethod.Detail);
    }

    private static object Batch(string userId, params string[] times) =>
        new { events = times.Select(t => new { userId, name = "app.open", occurredAt = t }).ToArray() };

    private HttpClient Json(string? apiKey)
    {
        var http = new HttpClient(TestTls.Handler()) { BaseAddress = fixture.Platform.JsonAddress };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
        return http;
    }
}
