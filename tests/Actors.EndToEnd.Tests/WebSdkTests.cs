using System.Diagnostics;
using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.EndToEnd.Tests.Scripts;

namespace Actors.EndToEnd.Tests;

/// <summary>The web SDK run by Node (tests/web/device.test.mjs) against the real gateway, then checked from the backend.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSdkTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_web_SDK_sends_its_users_events_and_suppression_with_a_token_and_nothing_without_one()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var (userId, otherId) = (TestTenant.NewUserId(), TestTenant.NewUserId());
        await tenant.Server.UpsertAttributesAsync(otherId, new Dictionary<string, string> { ["name"] = "Bystander" });

        var start = new ProcessStartInfo("node", Path.Combine(ActorsScript.Root, "tests", "web", "device.test.mjs"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ACTORS_JSON_URL"] = fixture.Platform.JsonAddress.ToString(),
                ["ACTORS_DEVICE_KEY"] = tenant.DeviceKey.ApiKey,
                ["ACTORS_SERVER_KEY"] = tenant.ServerKey.ApiKey,
                ["ACTORS_USER"] = userId,
                ["ACTORS_OTHER_USER"] = otherId,
                // Node verifies the gateway's certificate against the local CA, as a page's browser would against its own.
                ["NODE_EXTRA_CA_CERTS"] = TestTls.CaFile,
            },
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await node.WaitForExitAsync(limit.Token);

        Assert.True(node.ExitCode == 0, $"{await output}\n{await errors}");
        Assert.True(JsonDocument.Parse(await output).RootElement.GetProperty("ok").GetBoolean());
        var activity = await tenant.Server.GetActivityAsync(userId);
        Assert.Equal(3, activity.Counts.Sum(c => c.Count));
        var profile = await tenant.Server.GetProfileAsync(userId);
        Assert.True(profile.Privacy.Suppressed);
        Assert.Equal("tracking turned off in the page", profile.Privacy.SuppressionReason);
        var bystander = await tenant.Server.GetProfileAsync(otherId);
        Assert.False(bystander.Privacy.Suppressed);
        Assert.Single(bystander.Attributes);
        Assert.Empty((await tenant.Server.GetActivityAsync(otherId)).Counts);
    }
}
