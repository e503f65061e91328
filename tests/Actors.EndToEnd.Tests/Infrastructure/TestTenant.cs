using Actors.Client;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>A tenant made for one test: purposes "account" and "marketing", four attributes, two keys.</summary>
public sealed class TestTenant : IDisposable
{
    private TestTenant(string id, IssuedApiKey serverKey, IssuedApiKey deviceKey, ActorsClient server, ActorsClient device)
    {
        Id = id;
        ServerKey = serverKey;
        DeviceKey = deviceKey;
        Server = server;
        Device = device;
    }

    public string Id { get; }

    public IssuedApiKey ServerKey { get; }

    public IssuedApiKey DeviceKey { get; }

    /// <summary>A client with the server key.</summary>
    public ActorsClient Server { get; }

    /// <summary>A client with the device key and no user token: it can act for no named user.</summary>
    public ActorsClient Device { get; }

    private readonly Dictionary<string, ActorsClient> _devices = [];
    private Uri? _address;

    /// <summary>A client with the device key and <paramref name="userId"/>'s device token, issued by the server key.</summary>
    public ActorsClient DeviceFor(string userId)
    {
        lock (_devices)
        {
            if (!_devices.TryGetValue(userId, out var client))
            {
                _devices[userId] = client = new ActorsClient(new ActorsClientOptions
                {
                    CaCertificatePath = TestTls.CaFile,
                    Address = _address!,
                    ApiKey = DeviceKey.ApiKey,
                    DeviceTokenProvider = async cancellation => (await Server.IssueDeviceTokenAsync(userId, cancellation: cancellation)).Token,
                });
            }
            return client;
        }
    }

    /// <summary>
    /// A device client holding a token for <paramref name="userId"/> issued now, so that its calls
    /// issue none (and record no audit entry) later; the caller disposes it.
    /// </summary>
    public async Task<ActorsClient> DeviceWithTokenAsync(string userId)
    {
        var token = (await Server.IssueDeviceTokenAsync(userId)).Token;
        return new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _address!, ApiKey = DeviceKey.ApiKey, DeviceTokenProvider = _ => Task.FromResult(token) });
    }

    public static async Task<TestTenant> CreateAsync(RunningPlatform platform)
    {
        var id = $"t-{Guid.NewGuid():N}"[..14];
        using var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = platform.OperatorKey });
        await admin.CreateTenantAsync(id, "Test tenant");
        await admin.DeclarePurposesAsync(id,
        [
            new Purpose { Name = "account", Description = "running the user's account" },
            new Purpose { Name = "marketing", Description = "newsletters" },
        ]);
        await admin.DeclareAttributesAsync(id,
        [
            new AttributeDeclaration { Name = "email", Purpose = "account" },
            new AttributeDeclaration { Name = "name", Purpose = "account" },
            new AttributeDeclaration { Name = "city", Purpose = "account" },
            new AttributeDeclaration { Name = "favourite_topic", Purpose = "marketing" },
        ]);
        var server = await admin.IssueApiKeyAsync(id, ApiKeyKind.Server, "backend");
        var device = await admin.IssueApiKeyAsync(id, ApiKeyKind.Device, "ios app");
        return new TestTenant(id, server, device, Client(platform, server.ApiKey), Client(platform, device.ApiKey)) { _address = platform.Address };
    }

    /// <summary>A client with the server key, on another platform serving this tenant's data (a restored copy).</summary>
    public ActorsClient ClientOn(Uri address) => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = address, ApiKey = ServerKey.ApiKey });

    private static ActorsClient Client(RunningPlatform platform, string apiKey) =>
        new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = apiKey });

    public static string NewUserId() => $"user-{Guid.NewGuid():N}";

    /// <summary>A value no other test will ever write, to search the database for.</summary>
    public static string NewMarker() => $"marker-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Server.Dispose();
        Device.Dispose();
        foreach (var client in _devices.Values)
        {
            client.Dispose();
        }
    }
}
