using System.Text.Json;
using Actors.Client;
using Actors.V1;

namespace Actors.Load.Scenarios;

/// <summary>A tenant made for one run, as a real tenant would be set up: purposes, ten attributes, a server and a device key.</summary>
public sealed record LoadTenant(string Id, string ServerKey, string DeviceKey)
{
    public static readonly string[] Attributes = [.. Enumerable.Range(0, 10).Select(i => $"field_{i}")];

    public static readonly string[] Purposes = ["account", "marketing", "analytics"];

    public static async Task<LoadTenant> CreateAsync(Uri address, string? caFile, string operatorKey, string id, int rawEventRetentionDays, string region = "")
    {
        using var admin = new ActorsAdminClient(new ActorsClientOptions { Address = address, CaCertificatePath = caFile, ApiKey = operatorKey });
        await admin.CreateTenantAsync(id, $"Load test {id}", region: region);
        await admin.DeclarePurposesAsync(id, Purposes.Select(p => new Purpose { Name = p, Description = p }));
        await admin.DeclareAttributesAsync(id, Attributes.Select(a => new AttributeDeclaration { Name = a, Purpose = "account" }));
        await admin.SetRetentionPolicyAsync(id, new RetentionPolicy { RawEventRetentionDays = rawEventRetentionDays });
        var server = await admin.IssueApiKeyAsync(id, ApiKeyKind.Server, "load backend");
        var device = await admin.IssueApiKeyAsync(id, ApiKeyKind.Device, "load devices");
        return new LoadTenant(id, server.ApiKey, device.ApiKey);
    }

    /// <summary>Keeps the tenant for a later run (a file with its keys: keep it private).</summary>
    public void Save(string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(this));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static LoadTenant Read(string path) =>
        JsonSerializer.Deserialize<LoadTenant>(File.ReadAllText(path)) ?? throw new ArgumentException($"{path} holds no tenant");
}
