using System.Text.Json;
using Actors.Abstractions.Security;
using Actors.Api.Users;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// Storage limitation enforced by each user grain's durable timer. The platform's clock is moved
/// forward; its retention timers check every second here (daily by default).
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;
    private ActorsClient _server = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database) { ExtraSettings = { ["Actors:RetentionCheckPeriod"] = "00:00:01" } };
        await _platform.StartAsync();
        using var admin = Admin();
        await admin.CreateTenantAsync("kept", "Kept Ltd");
        await admin.DeclarePurposesAsync("kept", [new Purpose { Name = "account" }, new Purpose { Name = "marketing" }]);
        await admin.DeclareAttributesAsync("kept", [new AttributeDeclaration { Name = "email", Purpose = "account" }]);
        await admin.SetRetentionPolicyAsync("kept", new RetentionPolicy { InactiveUserExpiryDays = 30, ConsentExpiryMonths = 12, RawEventRetentionDays = 7 });
        var key = await admin.IssueApiKeyAsync("kept", ApiKeyKind.Server, "backend");
        _server = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = key.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _server.Dispose();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_user_inactive_for_longer_than_the_policy_is_deleted_from_PostgreSQL()
    {
        var marker = TestTenant.NewMarker();
        await _server.UpsertAttributesAsync("dormant", new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        await _server.UpsertAttributesAsync("active", new Dictionary<string, string> { ["email"] = "active@example.com" });
        var export = JsonDocument.Parse((await _server.ExportAsync("dormant")).Json).RootElement.GetProperty("retention");
        Assert.Equal(30, export.GetProperty("inactive_user_expiry_days").GetInt32());
        Assert.Single(export.GetProperty("scheduled_deletions").EnumerateArray());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.NotEmpty(await DatabaseSearch.FindAsync(_database, marker, _platform.Secrets)); // not expired yet: still there

        _platform.Clock.Advance(TimeSpan.FromDays(31));
        await _server.UpsertAttributesAsync("active", new Dictionary<string, string> { ["email"] = "still-active@example.com" });

        await Poll.UntilAsync(async () => (await DatabaseSearch.FindAsync(_database, marker, _platform.Secrets)).Count == 0);
        await Expect.RefusedAsync(StatusCode.NotFound, () => _server.GetProfileAsync("dormant"));
        Assert.Equal("still-active@example.com", Assert.Single((await _server.GetProfileAsync("active")).Attributes).Value);
        // The deletion is on record, by the platform, naming the tenant's rule and nothing about the user.
        var expiry = (await _server.ListUserAuditEntriesAsync("dormant")).Entries.Last();
        Assert.Equal(("user.expire", "platform", "inactive over 30 days"), (expiry.Operation, expiry.Actor, expiry.Subject));
    }

    [Fact]
    public async Task An_expired_suppressed_user_loses_its_data_but_stays_suppressed()
    {
        var marker = TestTenant.NewMarker();
        await _server.UpsertAttributesAsync("restricted", new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        await _server.SuppressAsync("restricted", $"reason {marker}");

        _platform.Clock.Advance(TimeSpan.FromDays(31));

        await Poll.UntilAsync(async () => (await DatabaseSearch.FindAsync(_database, marker, _platform.Secrets)).Count == 0);
        var profile = await _server.GetProfileAsync("restricted");
        Assert.Empty(profile.Attributes);
        Assert.True(profile.Privacy.Suppressed);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => _server.UpsertAttributesAsync("restricted", new Dictionary<string, string> { ["email"] = "back@example.com" }));
    }

    [Fact]
    public async Task A_consent_older_than_the_policy_counts_as_withdrawn()
    {
        await _server.GrantConsentAsync("consenting", "marketing", LawfulBasis.Consent, "web", "v1");
        Assert.True(Assert.Single((await _server.GetConsentsAsync("consenting")).Current).Granted);

        _platform.Clock.Advance(TimeSpan.FromDays(13 * 31));

        var current = Assert.Single((await _server.GetConsentsAsync("consenting")).Current);
        Assert.False(current.Granted);
        Assert.True(current.Expired);
        var exported = JsonDocument.Parse((await _server.ExportAsync("consenting")).Json).RootElement.GetProperty("consents").GetProperty("current")[0];
        Assert.False(exported.GetProperty("granted").GetBoolean());
        Assert.True(exported.GetProperty("expired").GetBoolean());
    }

    [Fact]
    public async Task A_forgotten_users_timer_stops_itself_at_its_next_tick()
    {
        await _server.UpsertAttributesAsync("leaving", new Dictionary<string, string> { ["email"] = "leaving@example.com" });
        var reference = new UserReferences(MasterKey.Parse(_platform.Secrets.MasterKey)).For("kept", "leaving");
        Assert.Equal(1, await TimersOfAsync(reference));

        await _server.ForgetAsync("leaving");

        await Poll.UntilAsync(async () => await TimersOfAsync(reference) == 0);
    }

    [Fact]
    public async Task A_policy_out_of_range_is_refused()
    {
        using var admin = Admin();

        var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.SetRetentionPolicyAsync("kept", new RetentionPolicy { InactiveUserExpiryDays = -1 }));

        Assert.Equal("policy.inactive_user_expiry_days", Assert.Single(refusal.FieldViolations).Field);
        Assert.Equal(30, (await admin.GetTenantAsync("kept")).Retention.InactiveUserExpiryDays);
    }

    private async Task<long> TimersOfAsync(string userReference)
    {
        await using var connection = await _database.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid = 'user/kept/' || @reference", connection);
        count.Parameters.AddWithValue("reference", userReference);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private ActorsAdminClient Admin() => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = _platform.OperatorKey });
}
