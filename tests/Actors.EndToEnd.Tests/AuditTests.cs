using Actors.Abstractions.Audit;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Audit;
using Actors.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Actors.EndToEnd.Tests.Infrastructure.TestEvents;
using AuditEntry = Actors.Abstractions.Audit.AuditEntry;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The audit trail over real gRPC and PostgreSQL: what is recorded, that it holds no personal
/// data, and that verification finds rows edited or deleted by someone with database rights.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditTests(PlatformFixture fixture)
{
    private readonly AuditTable _table = new(fixture.Database);

    [Fact]
    public async Task Reads_and_changes_of_a_user_are_listed_for_that_user_with_the_acting_key_and_another_users_are_not()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var (userId, otherId) = (TestTenant.NewUserId(), TestTenant.NewUserId());
        var (server, device) = (tenant.ServerKey.Info.KeyId, tenant.DeviceKey.Info.KeyId);

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Ada", ["email"] = "ada@example.com" });
        await tenant.Server.GetProfileAsync(userId);
        await tenant.Server.RectifyAttributeAsync(userId, "name", "Ada L.", "typo");
        await tenant.Server.DeleteAttributeAsync(userId, "email");
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "signup form", "v1");
        await tenant.Server.GetConsentsAsync(userId);
        await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", DateTimeOffset.UtcNow), At(userId, "app.open", DateTimeOffset.UtcNow)]);
        await tenant.DeviceFor(otherId).SendEventsAsync([At(otherId, "app.open", DateTimeOffset.UtcNow)]);
        await tenant.Server.GetActivityAsync(userId);
        await tenant.DeviceFor(userId).SuppressAsync(userId, "asked in the app");
        await tenant.Server.UnsuppressAsync(userId);
        await tenant.Server.ExportAsync(userId);
        await tenant.DeviceFor(userId).ForgetAsync(userId);
        await tenant.Server.UpsertAttributesAsync(otherId, new Dictionary<string, string> { ["city"] = "Paris" });

        var entries = (await tenant.Server.ListUserAuditEntriesAsync(userId)).Entries;
        var others = (await tenant.Server.ListUserAuditEntriesAsync(otherId)).Entries;

        Assert.Equal(
        [
            ("attributes.upsert", "email,name", server), ("profile.read", "", server), ("attribute.rectify", "name", server),
            ("attribute.delete", "email", server), ("consent.record", "marketing:granted", server), ("consents.read", "", server),
            ("device_token.issue", "events,suppress,forget", server), ("events.record", "events=2", device), ("activity.read", "", server), ("user.suppress", "", device),
            ("user.unsuppress", "", server), ("user.export", "", server), ("user.forget", "", device),
        ], entries.Select(e => (e.Operation, e.Subject, e.Actor)));
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        Assert.All(entries, e => Assert.InRange(e.At.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal([("device_token.issue", "events,suppress,forget"), ("events.record", "events=1"), ("attributes.upsert", "city")], others.Select(e => (e.Operation, e.Subject)));
        Assert.Empty((await tenant.Server.ListUserAuditEntriesAsync(TestTenant.NewUserId())).Entries);
    }

    [Fact]
    public async Task Entries_are_listed_in_pages_that_follow_each_other()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        for (var i = 0; i < 5; i++)
        {
            await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = $"city {i}" });
        }

        var first = await tenant.Server.ListUserAuditEntriesAsync(userId, pageSize: 2);
        var second = await tenant.Server.ListUserAuditEntriesAsync(userId, pageSize: 2, pageToken: first.NextPageToken);
        var last = await tenant.Server.ListUserAuditEntriesAsync(userId, pageSize: 2, pageToken: second.NextPageToken);
        var all = await tenant.Server.ListUserAuditEntriesAsync(userId);

        Assert.Equal(5, all.Entries.Count);
        Assert.Equal("", all.NextPageToken);
        Assert.Equal(all.Entries, first.Entries.Concat(second.Entries).Concat(last.Entries));
        Assert.Equal("", last.NextPageToken);
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ListUserAuditEntriesAsync(userId, pageSize: 1001));
        var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ListUserAuditEntriesAsync(userId, pageToken: "x1"));
        Assert.Contains("page_token", refusal.Detail);
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ListUserAuditEntriesAsync(""));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.ListUserAuditEntriesAsync(userId));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.VerifyAuditTrailAsync());
    }

    [Fact]
    public async Task Tenant_administration_is_recorded_by_the_operator_with_key_ids_and_names_never_a_key()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();
        await admin.RevokeApiKeyAsync(tenant.Id, tenant.DeviceKey.Info.KeyId);

        var entries = await _table.TenantEntriesAsync(tenant.Id);

        Assert.Equal(
        [
            ("tenant.create", "region=local"), ("tenant.purposes", "account,marketing"), ("tenant.attributes", "email,name,city,favourite_topic"),
            ("key.issue", tenant.ServerKey.Info.KeyId), ("key.issue", tenant.DeviceKey.Info.KeyId), ("key.revoke", tenant.DeviceKey.Info.KeyId),
        ], entries.Select(e => (e.Operation, e.Subject)));
        Assert.All(entries, e => Assert.Equal("operator", e.Actor));
        Assert.DoesNotContain(await DatabaseSearch.FindAsync(fixture.Database, tenant.ServerKey.ApiKey), IsAudit);
        Assert.DoesNotContain(await DatabaseSearch.FindAsync(fixture.Database, tenant.ServerKey.ApiKey.Split('.')[^1]), IsAudit); // the secret part
    }

    [Fact]
    public async Task The_audit_tables_hold_no_personal_data_only_the_pseudonymous_reference()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = $"{TestTenant.NewMarker()}@example.com";
        var (name, city) = (TestTenant.NewMarker(), TestTenant.NewMarker());

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = name, ["city"] = city });
        await tenant.Server.RectifyAttributeAsync(userId, "city", city + "-fixed", "moved");
        await tenant.Server.GetProfileAsync(userId);
        await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "purchase", DateTimeOffset.UtcNow, ("sku", name))]);
        await tenant.Server.ExportAsync(userId);

        Assert.Equal(6, (await tenant.Server.ListUserAuditEntriesAsync(userId)).Entries.Count); // the entries exist: the search can find something
        foreach (var value in new[] { userId, name, city, city + "-fixed" })
        {
            Assert.DoesNotContain(await DatabaseSearch.FindAsync(fixture.Database, value), IsAudit);
        }
    }

    [Fact]
    public async Task An_untouched_chain_verifies_through_the_api_and_the_command()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Paris" });
        await tenant.Server.GetProfileAsync(userId);

        var result = await tenant.Server.VerifyAuditTrailAsync();

        Assert.True(result.Ok, result.Reason);
        Assert.Equal(7, result.EntriesChecked); // 5 set-up steps of the tenant, then the user's 2
        Assert.Equal(0, result.FirstBrokenSeq);
        Assert.Equal(0, await VerifyCommandAsync(tenant.Id));
    }

    [Theory]
    [InlineData("an edited row", "UPDATE actors_audit SET subject = 'email,name,city' WHERE tenant_id = $1 AND seq = 7", 7, "entry 7 was altered")]
    [InlineData("a deleted middle row", "DELETE FROM actors_audit WHERE tenant_id = $1 AND seq = 7", 7, "entry 7 is missing")]
    [InlineData("a deleted newest row", "DELETE FROM actors_audit WHERE tenant_id = $1 AND seq = 9", 9, "the chain's head is entry 9")]
    [InlineData("a deleted newest row with the head moved back to the entry before",
        "WITH gone AS (DELETE FROM actors_audit WHERE tenant_id = $1 AND seq = 9 RETURNING seq) UPDATE actors_audit_heads h SET seq = 8, hash = a.hash FROM actors_audit a, gone WHERE h.tenant_id = $1 AND a.tenant_id = $1 AND a.seq = 8",
        9, "not signed by this platform's key")]
    public async Task Verification_reports_the_first_broken_seq_after(string tampering, string sql, long brokenSeq, string reason)
    {
        using var tenant = await ChainOfAsync(entries: 4); // seq 1 to 9

        await _table.TamperAsync(sql, tenant.Id);
        var result = await tenant.Server.VerifyAuditTrailAsync();

        Assert.False(result.Ok, $"{tampering} went unnoticed");
        Assert.Equal(brokenSeq, result.FirstBrokenSeq);
        Assert.Equal(brokenSeq - 1, result.EntriesChecked);
        Assert.Contains(reason, result.Reason);
        Assert.Equal(1, await VerifyCommandAsync(tenant.Id));
    }

    [Fact]
    public async Task An_edited_row_whose_hash_was_recomputed_breaks_the_link_to_the_next()
    {
        using var tenant = await ChainOfAsync(entries: 4);
        var (entry, previousHash) = await _table.EntryAsync(tenant.Id, 7);
        var forged = AuditChain.Hash(entry with { Actor = "operator" }, 7, previousHash); // the algorithm is public

        await _table.TamperAsync("UPDATE actors_audit SET actor = 'operator', hash = $2 WHERE tenant_id = $1 AND seq = 7", tenant.Id, forged);
        var result = await tenant.Server.VerifyAuditTrailAsync();

        Assert.False(result.Ok);
        Assert.Equal(8, result.FirstBrokenSeq);
        Assert.Contains("does not follow entry 7", result.Reason);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows_outside_the_retention_cut()
    {
        using var tenant = await ChainOfAsync(entries: 1);

        var update = await Assert.ThrowsAsync<PostgresException>(() => _table.ExecuteAsync("UPDATE actors_audit SET subject = '' WHERE tenant_id = $1", tenant.Id));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => _table.ExecuteAsync("DELETE FROM actors_audit WHERE tenant_id = $1", tenant.Id));

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
        Assert.True((await tenant.Server.VerifyAuditTrailAsync()).Ok);
    }

    [Fact]
    public async Task Two_hundred_parallel_calls_give_one_contiguous_chain_that_verifies()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var users = Enumerable.Range(0, 20).Select(_ => TestTenant.NewUserId()).ToList();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            tenant.Server.UpsertAttributesAsync(users[i % users.Count], new Dictionary<string, string> { ["city"] = $"city {i}" })));
        var result = await tenant.Server.VerifyAuditTrailAsync();

        Assert.True(result.Ok, result.Reason);
        Assert.Equal(205, result.EntriesChecked);
        Assert.Equal(Enumerable.Range(1, 205).Select(i => (long)i), await _table.SeqsAsync(tenant.Id));
    }

    [Fact]
    public async Task Two_writers_as_two_silos_appending_to_the_same_tenants_keep_each_chain_contiguous()
    {
        var tenants = new[] { $"t-{Guid.NewGuid():N}"[..14], $"t-{Guid.NewGuid():N}"[..14] };
        await using var database = NpgsqlDataSource.Create(fixture.Database.ConnectionString);
        var options = new AuditOptions { EntriesPerCommit = 7, Writers = 2 };
        using var signingKey = new Abstractions.Security.PlatformSigningKey(Abstractions.Security.MasterKey.Parse(fixture.Platform.Secrets.MasterKey));
        await using var first = new PostgresAuditTrail(database, options, new AuditChainAppend(signingKey), TestMetrics.Platform(), NullLogger<PostgresAuditTrail>.Instance);
        await using var second = new PostgresAuditTrail(database, options, new AuditChainAppend(signingKey), TestMetrics.Platform(), NullLogger<PostgresAuditTrail>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            (i % 3 == 0 ? first : second).RecordAsync(new AuditEntry(tenants[i % 2], $"key-{i}", AuditOperations.ProfileRead, "ref", "", DateTimeOffset.UtcNow))));

        var verifier = new AuditVerifier(database, signingKey.PublicKeyPem);
        foreach (var tenantId in tenants)
        {
            var result = await verifier.VerifyAsync(tenantId, CancellationToken.None);
            Assert.True(result.Ok, result.Reason);
            Assert.Equal(200, result.EntriesChecked);
            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), await _table.SeqsAsync(tenantId));
        }
    }

    private static bool IsAudit(string place) => place.StartsWith("actors_audit", StringComparison.Ordinal);

    /// <summary>A tenant (5 entries of set-up) and a user with <paramref name="entries"/> more.</summary>
    private async Task<TestTenant> ChainOfAsync(int entries)
    {
        var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        for (var i = 0; i < entries; i++)
        {
            await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = $"city {i}" });
        }
        Assert.True((await tenant.Server.VerifyAuditTrailAsync()).Ok); // sound before the tampering
        return tenant;
    }

    /// <summary>The silo program's verify-audit command, run on the database directly; its exit code.</summary>
    private Task<int> VerifyCommandAsync(string tenantId) => AuditVerifyCommand.RunAsync(
    [
        "--tenant", tenantId,
        "--Actors:Postgres", fixture.Database.ConnectionString,
        "--Actors:MasterKey", fixture.Platform.Secrets.MasterKey,
    ]);
}
