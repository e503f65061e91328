using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests;

/// <summary>The same event batch over plain HTTP/1.1 and JSON, for devices that do not speak gRPC.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EventsOverJsonTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_device_posts_a_batch_as_JSON_and_it_is_counted()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        using var http = Http(tenant.DeviceKey.ApiKey);
        http.DefaultRequestHeaders.Add("x-device-token", (await tenant.Server.IssueDeviceTokenAsync(userId)).Token);

        using var response = await http.PostAsJsonAsync("/v1/events:batch", new
        {
            events = new[] { new { userId, name = "app.open", occurredAt = DateTimeOffset.UtcNow.ToString("O"), properties = new { screen = "home" } } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, receipt.GetProperty("received").GetInt32());
        Assert.Equal(0, receipt.GetProperty("accepted").GetInt32()); // a device key is told nothing more
        Assert.Equal(1, Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts).Count);
    }

    [Fact]
    public async Task A_bad_batch_or_a_missing_key_is_refused_with_a_clear_answer()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var http = Http(tenant.DeviceKey.ApiKey);
        using var anonymous = Http(apiKey: null);
        http.DefaultRequestHeaders.Add("x-device-token", (await tenant.Server.IssueDeviceTokenAsync("u1")).Token);
        var batch = new { events = new[] { new { userId = "u1", name = "Bad Name", occurredAt = DateTimeOffset.UtcNow.ToString("O") } } };

        using var bad = await http.PostAsJsonAsync("/v1/events:batch", batch);
        using var unauthenticated = await anonymous.PostAsJsonAsync("/v1/events:batch", batch);

        Assert.True(HttpStatusCode.BadRequest == bad.StatusCode, await bad.Content.ReadAsStringAsync());
        Assert.Contains("/events/0/name", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private HttpClient Http(string? apiKey)
    {
        var http = new HttpClient(TestTls.Handler()) { BaseAddress = fixture.Platform.JsonAddress };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
        return http;
    }
}
