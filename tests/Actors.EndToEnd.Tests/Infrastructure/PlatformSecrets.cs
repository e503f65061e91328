using System.Security.Cryptography;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>The secrets and settings every process of one test platform shares.</summary>
public sealed class PlatformSecrets
{
    public string OperatorKey { get; } = "op_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings that make processes one cluster on <paramref name="database"/>.</summary>
    public Dictionary<string, string> SettingsFor(TestDatabase database) => new(TestTls.Settings())
    {
        ["Actors:Postgres"] = database.ConnectionString,
        ["Actors:KeyStore"] = database.KeyStoreConnectionString,
        ["Actors:ErasureLedger"] = database.LedgerConnectionString,
        ["Actors:ClusterId"] = database.Name,
        ["Actors:Gateway:OperatorKey"] = OperatorKey,
        ["Actors:MasterKey"] = MasterKey,
        // Test receivers listen on 127.0.0.1 over plain http; production refuses both.
        ["Actors:Callbacks:AllowPrivateNetworks"] = "true",
    };
}
