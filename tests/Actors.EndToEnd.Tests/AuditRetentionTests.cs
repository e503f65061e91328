using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Audit;
using Actors.V1;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The audit retention cut, on a platform of its own whose clock the tests move past the
/// retention (365 days) and which looks for expired entries every second.
/// </summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Days200 = TimeSpan.FromDays(200);

    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;
    private AuditTable _table = null!;
    private TestTenant _tenant = null!;

    private ActorsClient Server => _tenant.Server;

    private string Tenant => _tenant.Id;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database) { ExtraSettings = { ["Actors:Audit:RetentionCheckPeriod"] = "00:00:01" } };
        await _platform.StartAsync();
        _table = new AuditTable(_database);
        _tenant = await TestTenant.CreateAsync(_platform); // entries 1 to 5
    }

    public async Task DisposeAsync()
    {
        _tenant.Dispose();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Entries_older_than_the_retention_are_cut_at_a_signed_checkpoint_and_the_rest_still_verifies()
    {
        var userId = TestTenant.NewUserId();
        await Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Paris" }); // entry 6
        _platform.Clock.Advance(Days200);
        await Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Lyon" }); // entry 7, 200 days later
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], await _table.SeqsAsync(Tenant)); // nothing is old enough yet

        _platform.Clock.Advance(Days200);
        await Poll.UntilAsync(async () => await _table.CheckpointSeqAsync(Tenant) is not null);
        await Server.GetProfileAsync(userId); // entry 8, after the cut
        var result = await Server.VerifyAuditTrailAsync();

        Assert.Equal(6, await _table.CheckpointSeqAsync(Tenant));
        Assert.Equal([7L, 8], await _table.SeqsAsync(Tenant));
        Assert.True(result.Ok, result.Reason);
        Assert.Equal(6, result.CheckpointSeq);
        Assert.Equal(2, result.EntriesChecked);
        Assert.Equal([7L, 8], (await Server.ListUserAuditEntriesAsync(userId)).Entries.Select(e => e.Seq));
        Assert.Equal(0, await VerifyCommandAsync());
    }

    [Fact]
    public async Task A_tampered_or_deleted_checkpoint_fails_verification()
    {
        await Server.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = "Paris" }); // entry 6
        _platform.Clock.Advance(Days200 * 2);
        await Poll.UntilAsync(async () => await _table.CheckpointSeqAsync(Tenant) is not null);
        await Server.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = "Lyon" }); // entry 7
        Assert.True((await Server.VerifyAuditTrailAsync()).Ok);

        // Moving the checkpoint's hash would hide rows deleted after the cut; the signature no longer holds.
        await _table.TamperAsync("UPDATE actors_audit_checkpoints SET hash = sha256(hash) WHERE tenant_id = $1", Tenant);
        var forged = await Server.VerifyAuditTrailAsync();
        Assert.False(forged.Ok);
        Assert.Equal(6, forged.FirstBrokenSeq);
        Assert.Contains("checkpoint", forged.Reason);
        Assert.Equal(1, await VerifyCommandAsync());

        await _table.TamperAsync("DELETE FROM actors_audit_checkpoints WHERE tenant_id = $1", Tenant);
        var unanchored = await Server.VerifyAuditTrailAsync();
        Assert.False(unanchored.Ok);
        Assert.Equal(1, unanchored.FirstBrokenSeq);
        Assert.Contains("entries 1 to 6 are missing", unanchored.Reason);
    }

    private Task<int> VerifyCommandAsync() => AuditVerifyCommand.RunAsync(
        ["--tenant", Tenant, "--Actors:Postgres", _database.ConnectionString, "--Actors:MasterKey", _platform.Secrets.MasterKey]);
}
