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

    /// <summary>A client with the device key.</summary>
    public ActorsClient Device { get; }

    public static async Task<TestTenant> CreateAsync(RunningPlatform platform)
    {
        var id = $"t-{Guid.NewGuid():N}"[..14];
        using var admin = new ActorsAdminClient(new ActorsClientOptions { Address = platform.Address, ApiKey = platform.OperatorKey });
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
        return new TestTenant(id, server, device, Client(platform, server.ApiKey), Client(platform, device.ApiKey));
    }

    private static ActorsClient Client(RunningPlatform platform, string apiKey) =>
        new(new ActorsClientOptions { Address = platform.Address, ApiKey = apiKey });

    public static string NewUserId() => $"user-{Guid.NewGuid():N}";

    /// <summary>A value no other test will ever write, to search the database for.</summary>
    public static string NewMarker() => $"marker-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Server.Dispose();
        Device.Dispose();
    }
}
