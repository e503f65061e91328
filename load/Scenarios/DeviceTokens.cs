using System.Collections.Concurrent;
using Actors.V1;
using Grpc.Core;

namespace Actors.Load.Scenarios;

/// <summary>
/// The device tokens of the load's users, as their apps hold them: each user's token is issued
/// once by the tenant's backend (the server key) and then sent with the device key on every call.
/// </summary>
public sealed class DeviceTokens(PlatformTarget target, LoadTenant tenant)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);

    /// <summary>Call options of the user's app: the device key and the user's token.</summary>
    public async Task<CallOptions> DeviceOfAsync(string userId, CancellationToken cancellation)
    {
        var token = await _tokens.GetOrAdd(userId, id => new Lazy<Task<string>>(() => IssueAsync(id, cancellation))).Value;
        return new CallOptions(new Metadata { { "x-api-key", tenant.DeviceKey }, { "x-device-token", token } }, DateTime.UtcNow.AddSeconds(30), cancellation);
    }

    private async Task<string> IssueAsync(string userId, CancellationToken cancellation) =>
        (await target.Privacy().IssueDeviceTokenAsync(new IssueDeviceTokenRequest { UserId = userId }, PlatformTarget.With(tenant.ServerKey, cancellation))).Token;
}
