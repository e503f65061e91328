using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Actors.Silo.Storage;

namespace Actors.Silo.Audit;

/// <summary>
/// <c>Actors.Silo verify-audit --tenant ID [--public-key FILE]</c>: checks a tenant's audit
/// chain straight from the database, with no platform running, and exits 0 if it is sound,
/// 1 if it is broken, 2 on a usage or connection error. On a terminal, standard error shows its
/// progress meanwhile. Checkpoints are checked with the public
/// key in FILE (PEM), or else with the key derived from Actors:MasterKey.
/// </summary>
public static class AuditVerifyCommand
{
    public const string Name = "verify-audit";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = StartupSettings.Configuration(args);
        var tenantId = settings["tenant"];
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            Console.Error.WriteLine($"usage: {Name} --tenant ID [--public-key FILE]");
            return 2;
        }
        try
        {
            var options = settings.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
            var publicKey = settings["public-key"] is { Length: > 0 } file
                ? await File.ReadAllTextAsync(file)
                : new PlatformSigningKey(MasterKey.Parse(options.MasterKey)).PublicKeyPem;
            await using var database = PostgresDataSource.ForData(options);
            AuditVerification result;
            using (var progress = TerminalProgress.OnStandardError($"checking the audit trail of {tenantId}"))
            {
                result = await new AuditVerifier(database, publicKey).VerifyAsync(tenantId, progress, CancellationToken.None);
            }
            Console.WriteLine(Describe(tenantId, result));
            return result.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"{Name}: {e.Message}");
            return 2;
        }
    }

    public static string Describe(string tenantId, AuditVerification result)
    {
        var from = result.CheckpointSeq == 0 ? "from the first entry" : $"from the signed checkpoint at entry {result.CheckpointSeq}";
        return result.Ok
            ? $"audit trail of {tenantId}: OK, {result.EntriesChecked} entries checked {from}"
            : $"audit trail of {tenantId}: BROKEN at entry {result.FirstBrokenSeq}: {result.Reason} ({result.EntriesChecked} entries checked {from})";
    }
}
