using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using static Actors.EndToEnd.Tests.Infrastructure.TestEvents;

namespace Actors.EndToEnd.Tests.Logging;

/// <summary>
/// The platform's own log files, in JSON at the most talkative levels, after a user's whole life
/// (profile, consent, events from a client address behind a trusted proxy, rectification,
/// suppression, export, a refused key, forget): every line is JSON, the request lines carry
/// their trace, and no user id, value, consent source, reason, address or key appears anywhere.
/// </summary>
public sealed class LogFilesTests : IAsyncLifetime
{
    private const string ClientAddress = "203.0.113.79";

    private readonly string _directory = Directory.CreateTempSubdirectory("actors-e2e-logs-").FullName;
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database)
        {
            ExtraSettings =
            {
                ["Actors:Logs:Format"] = "json",
                ["Actors:Logs:Directory"] = _directory,
                ["Actors:Logs:Name"] = "e2e",
                ["Actors:Gateway:TrustedProxies:0"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Actors"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Grpc"] = "Debug",
            },
        };
        await _platform.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_line_is_JSON_requests_carry_their_trace_and_no_personal_value_or_key_is_written()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        var userId = TestTenant.NewUserId();
        string[] markers = [.. Enumerable.Range(0, 8).Select(_ => TestTenant.NewMarker())];
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{markers[0]}@example.com", ["name"] = markers[1] });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, markers[2], "2026-01");
        var token = (await tenant.Server.IssueDeviceTokenAsync(userId)).Token;
        using (var channel = TestTls.Channel(_platform.Address))
        {
            var headers = new Metadata { { "x-api-key", tenant.DeviceKey.ApiKey }, { "x-device-token", token }, { "x-forwarded-for", ClientAddress } };
            await new Events.EventsClient(channel).SendEventsAsync(new EventBatch { Events = { At(userId, "purchase", DateTimeOffset.UtcNow, ("sku", markers[3])) } }, headers);
        }
        using (var http = new HttpClient(TestTls.Handler()) { BaseAddress = _platform.JsonAddress })
        {
            http.DefaultRequestHeaders.Add("x-api-key", tenant.DeviceKey.ApiKey);
            http.DefaultRequestHeaders.Add("x-device-token", token);
            http.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress);
            using var response = await http.PostAsJsonAsync("/v1/events:batch", new
            {
                events = new[] { new { userId, name = "app.open", occurredAt = DateTimeOffset.UtcNow.ToString("O"), properties = new { screen = markers[4] } } },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await tenant.Server.RectifyAttributeAsync(userId, "name", markers[5], "misspelt " + markers[5]);
        await tenant.Server.SuppressAsync(userId, "asked to stop " + markers[6]);
        await tenant.Server.UnsuppressAsync(userId);
        await tenant.Server.ExportAsync(userId);
        var wrongKey = $"ak.{tenant.Id}.0123456789ab.{markers[7]}";
        using (var stranger = new Actors.Client.ActorsClient(new() { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = wrongKey }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => stranger.GetProfileAsync(userId));
        }
        await tenant.Server.ForgetAsync(userId);
        await _platform.StopAsync(); // the files are complete once the process has stopped

        var lines = Directory.GetFiles(_directory, "*.log").SelectMany(File.ReadAllLines).ToList();
        Assert.True(lines.Count > 50, $"only {lines.Count} lines were written");
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // Request starting and Request finished: one pair for every call.
        var requests = entries.Where(e => e.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && e.GetProperty("EventId").GetInt32() is 1 or 2).ToList();
        Assert.True(requests.Count >= 20, $"only {requests.Count} request lines");
        Assert.All(requests, e => Assert.Matches("^[0-9a-f]{32}$", e.GetProperty("TraceId").GetString()));
        Assert.All(entries, e => Assert.EndsWith("Z", e.GetProperty("Timestamp").GetString()));
        var everything = string.Join('\n', lines);
        string[] forbidden = [userId, ClientAddress, tenant.ServerKey.ApiKey, tenant.DeviceKey.ApiKey, token, _platform.OperatorKey, _platform.Secrets.MasterKey, .. markers];
        Assert.All(forbidden, value => Assert.DoesNotContain(value, everything));
    }
}
