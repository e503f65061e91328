using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.EndToEnd.Tests.Scripts;
using Actors.V1;
using Grpc.Core;
using Npgsql;

namespace Actors.EndToEnd.Tests.Backups;

/// <summary>
/// ./actors backup and restore as an operator runs them: a backup taken before a forget,
/// restored into a fresh database, never brings the forgotten user back; nor does an older
/// backup of the key store.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;
    private OperatorKeys _operator = null!;
    private readonly string _backups = Directory.CreateTempSubdirectory("actors-backups").FullName;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database);
        await _platform.StartAsync();
        _operator = await OperatorKeys.CreateAsync("backups");
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        foreach (var restored in await _database.DatabasesStartingWithAsync(_database.Name + "_"))
        {
            await _database.DropAsync(restored);
        }
        await _database.DisposeAsync();
        _operator.Dispose();
        Directory.Delete(_backups, recursive: true);
    }

    [Fact]
    public async Task A_restore_of_backups_taken_before_a_forget_reads_the_user_as_erased_and_keeps_the_others_as_backed_up()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        var (forgotten, kept, marker) = (TestTenant.NewUserId(), TestTenant.NewUserId(), TestTenant.NewMarker());
        await tenant.Server.UpsertAttributesAsync(forgotten, new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        await tenant.Server.GrantConsentAsync(forgotten, "marketing", V1.LawfulBasis.Consent, $"source-{marker}", "v1");
        await tenant.Server.UpsertAttributesAsync(kept, new Dictionary<string, string> { ["city"] = "as backed up" });
        await Succeeds("backup");
        await Succeeds("backup", "--keys");
        var dataBackup = Assert.Single(Directory.GetFiles(_backups, "*-data-*.pgdump.gpg"));
        var keysBackup = Assert.Single(Directory.GetFiles(_backups, "*-keys-*.pgdump.gpg"));
        Assert.Single(Directory.GetFiles(_backups, "*-ledger-*.pgdump.gpg"));

        await tenant.Server.ForgetAsync(forgotten);
        await tenant.Server.UpsertAttributesAsync(kept, new Dictionary<string, string> { ["city"] = "changed after" });
        var restoredData = _database.Name + "_r";
        var restoredKeys = _database.Name + "_keys_r";
        var dataRestore = await Succeeds("restore", dataBackup, "--into", restoredData);
        var keysRestore = await Succeeds("restore", keysBackup, "--into", restoredKeys);

        Assert.Contains("erasure ledger replayed: 1 erasures", dataRestore);
        Assert.Contains("1 user states made erased", dataRestore);
        Assert.Contains("1 keys destroyed again", keysRestore);
        // The data restored beside the key store: the forgotten user's state is a tombstone in clear, holding nothing of them.
        await using var store = new RawEventStore(_database, _platform.Secrets);
        var tombstone = await StateRowAsync(restoredData, $"user/{tenant.Id}/{store.ReferenceOf(tenant.Id, forgotten)}");
        Assert.True(tombstone.StartsWith("clear:") && tombstone.Contains("\"erasure\":{"), tombstone);
        Assert.DoesNotContain(marker, tombstone);
        await _platform.StopAsync();
        await using (var served = new RunningPlatform(_database) { ExtraSettings = { ["Actors:Postgres"] = _database.ConnectionStringOf(restoredData), ["Actors:ClusterId"] = "restored", ["Actors:MasterKey"] = _platform.Secrets.MasterKey } })
        {
            await served.StartAsync();
            using var server = tenant.ClientOn(served.Address);
            using var export = JsonDocument.Parse((await server.ExportAsync(forgotten)).Json);
            Assert.Equal("erased", export.RootElement.GetProperty("status").GetString());
            await Expect.RefusedAsync(StatusCode.FailedPrecondition,
                () => server.UpsertAttributesAsync(forgotten, new Dictionary<string, string> { ["email"] = "back@example.com" }));
            Assert.Equal("as backed up", Assert.Single((await server.GetProfileAsync(kept)).Attributes).Value);
        }
        // The key store restored beside the data: the forgotten user's key was destroyed again, the other's is back.
        await using var keys = new NpgsqlConnection(_database.ConnectionStringOf(restoredKeys));
        await keys.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM actors_user_data_keys WHERE tenant_id = $1", keys) { Parameters = { new() { Value = tenant.Id } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        await using (var served = new RunningPlatform(_database) { ExtraSettings = { ["Actors:KeyStore"] = _database.ConnectionStringOf(restoredKeys), ["Actors:ClusterId"] = "restored-keys", ["Actors:MasterKey"] = _platform.Secrets.MasterKey } })
        {
            await served.StartAsync();
            using var server = tenant.ClientOn(served.Address);
            Assert.Equal("changed after", Assert.Single((await server.GetProfileAsync(kept)).Attributes).Value);
            using var export = JsonDocument.Parse((await server.ExportAsync(forgotten)).Json);
            Assert.Equal("erased", export.RootElement.GetProperty("status").GetString());
        }
    }

    /// <summary>A user state row of <paramref name="database"/>: "clear:" and its JSON, or "sealed".</summary>
    private async Task<string> StateRowAsync(string database, string grainId)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionStringOf(database));
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand(
            "SELECT CASE WHEN key_id IS NULL THEN 'clear:' || convert_from(payload, 'UTF8') ELSE 'sealed' END FROM actors_grain_state WHERE grain_id = $1", connection)
        {
            Parameters = { new() { Value = grainId } },
        };
        return await row.ExecuteScalarAsync() as string ?? "no row";
    }

    private async Task<string> Succeeds(params string[] args)
    {
        var (exit, output) = await ActorsScript.RunAsync(BackupScript.Environment(_database, _platform.Secrets, _operator, _backups), args);
        Assert.True(exit == 0, $"./actors {string.Join(' ', args)} exited {exit}:\n{output}");
        return output;
    }
}
