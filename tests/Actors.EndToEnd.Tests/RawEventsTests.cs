using System.Text.Json;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using static Actors.EndToEnd.Tests.Infrastructure.TestEvents;
using Actors.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// Raw events kept by the tenant's policy: sealed under each user's data key, exported
/// decrypted, crypto-shredded by forget, purged by the user's retention timer. The gateway
/// trusts 127.0.0.1 as a proxy here, so a test can send as a client at 203.0.113.7 (TEST-NET-3).
/// </summary>
public sealed class RawEventsTests : IAsyncLifetime
{
    private const string ClientAddress = "203.0.113.7";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly string _countryRanges = Path.Combine(Path.GetTempPath(), $"actors-countries-{Guid.NewGuid():N}.csv");
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;
    private RawEventStore _store = null!;
    private ActorsClient _server = null!;
    private GrpcChannel _deviceChannel = null!;
    private Events.EventsClient _device = null!;
    private Metadata _deviceHeaders = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_countryRanges, "# test ranges\n198.51.100.0/24,FR\n203.0.113.0/24,NL\n2001:db8::/32,DE\n");
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database)
        {
            ExtraSettings =
            {
                ["Actors:RetentionCheckPeriod"] = "00:00:01",
                ["Actors:Gateway:CountryRanges"] = _countryRanges,
                ["Actors:Gateway:TrustedProxies:0"] = "127.0.0.1",
            },
        };
        await _platform.StartAsync();
        _store = new RawEventStore(_database, _platform.Secrets);
        using var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = _platform.OperatorKey });
        await admin.CreateTenantAsync("shop", "Shop Ltd");
        await admin.SetRetentionPolicyAsync("shop", new RetentionPolicy { RawEventRetentionDays = 30 });
        await admin.CreateTenantAsync("counts-only", "Counts Only Ltd");
        var server = await admin.IssueApiKeyAsync("shop", ApiKeyKind.Server, "backend");
        var device = await admin.IssueApiKeyAsync("shop", ApiKeyKind.Device, "app");
        var countsOnlyDevice = await admin.IssueApiKeyAsync("counts-only", ApiKeyKind.Device, "app", allowAnonymousEvents: true);
        _server = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = server.ApiKey });
        _deviceChannel = TestTls.Channel(_platform.Address);
        _device = new Events.EventsClient(_deviceChannel);
        _deviceHeaders = new Metadata { { "x-api-key", device.ApiKey }, { "x-forwarded-for", ClientAddress } };
        CountsOnlyDeviceKey = countsOnlyDevice.ApiKey;
    }

    private string CountsOnlyDeviceKey { get; set; } = "";

    public async Task DisposeAsync()
    {
        _server.Dispose();
        _deviceChannel.Dispose();
        await _store.DisposeAsync();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
        File.Delete(_countryRanges);
    }

    [Fact]
    public async Task Raw_events_are_stored_sealed_and_exported_decrypted_with_the_senders_country_never_its_address()
    {
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();

        var receipt = await SendAsync(At(userId, "purchase", Now.AddMinutes(-2), ("sku", marker)), At(userId, "app.open", Now.AddMinutes(-1)));

        Assert.Equal(2, receipt.Received);
        Assert.Equal(2, await _store.RowsOfAsync("shop", userId));
        Assert.Empty(await DatabaseSearch.FindAsync(_database, marker));
        Assert.Empty(await DatabaseSearch.FindAsync(_database, ClientAddress));
        var export = JsonDocument.Parse((await _server.ExportAsync(userId)).Json).RootElement;
        var raw = export.GetProperty("raw_events");
        Assert.Equal(["purchase", "app.open"], raw.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(marker, raw[0].GetProperty("properties").GetProperty("sku").GetString());
        Assert.All(raw.EnumerateArray(), e => Assert.Equal("NL", e.GetProperty("country").GetString()));
        Assert.Equal(0, export.GetProperty("raw_events_omitted").GetInt64());
        Assert.DoesNotContain(ClientAddress, export.GetRawText());
    }

    [Fact]
    public async Task A_tenant_whose_policy_keeps_no_raw_events_gets_counts_and_no_rows()
    {
        using var channel = TestTls.Channel(_platform.Address);
        var userId = $"anon:{Guid.NewGuid():N}"; // the key allows anonymous events: no user token needed

        var receipt = await new Events.EventsClient(channel).SendEventsAsync(
            new EventBatch { Events = { At(userId, "app.open", Now) } }, new Metadata { { "x-api-key", CountsOnlyDeviceKey } });

        Assert.Equal(1, receipt.Received);
        Assert.Equal(0, await _store.RowsOfAsync("counts-only", userId));
        // The user has a key all the same: it seals the counts in the user's state.
        Assert.True(await _store.HasKeyAsync("counts-only", userId));
    }

    [Fact]
    public async Task Forget_destroys_the_key_and_purges_and_a_dump_taken_before_no_longer_decrypts()
    {
        var forgotten = TestTenant.NewUserId();
        var kept = TestTenant.NewUserId();
        await SendAsync(At(forgotten, "purchase", Now), At(forgotten, "app.open", Now), At(forgotten, "app.open", Now));
        await SendAsync(At(kept, "app.open", Now));
        var dump = await _store.DumpAsync();
        var forgottenReference = _store.ReferenceOf("shop", forgotten);
        var forgottenRows = dump.Where(row => row.UserReference == forgottenReference).ToList();
        Assert.Equal(3, RawEventStore.Decrypt(forgottenRows, await _store.KeysLeftAsync()).Count); // the check can succeed

        var certificate = await _server.ForgetAsync(forgotten);

        Assert.True(certificate.DataKeyDestroyed);
        Assert.Equal(3, certificate.RawEventsPurged);
        Assert.Equal(0, await _store.RowsOfAsync("shop", forgotten));
        Assert.False(await _store.HasKeyAsync("shop", forgotten));
        var keysLeft = await _store.KeysLeftAsync();
        Assert.Empty(RawEventStore.Decrypt(forgottenRows, keysLeft));
        Assert.Single(RawEventStore.Decrypt(dump.Where(row => row.UserReference != forgottenReference), keysLeft));
        var again = await _server.ForgetAsync(forgotten);
        Assert.False(again.ErasedNow);
        Assert.Equal((true, 3L), (again.DataKeyDestroyed, again.RawEventsPurged));
    }

    [Fact]
    public async Task A_forget_whose_purge_fails_still_destroys_the_key_and_its_retry_finishes()
    {
        var userId = TestTenant.NewUserId();
        await SendAsync(At(userId, "purchase", Now), At(userId, "app.open", Now));
        var refusal = await RefuseDeletesAsync(_database.OpenAsync, "actors_raw_events");

        await Expect.RefusedAsync(StatusCode.Unavailable, () => _server.ForgetAsync(userId));

        Assert.False(await _store.HasKeyAsync("shop", userId));
        Assert.Equal(2, await _store.RowsOfAsync("shop", userId)); // still there, and unreadable
        Assert.Empty(RawEventStore.Decrypt(await _store.DumpAsync(), await _store.KeysLeftAsync()));
        await refusal.DisposeAsync();
        var certificate = await _server.ForgetAsync(userId);
        Assert.True(certificate.ErasedNow);
        Assert.Equal((true, 2L), (certificate.DataKeyDestroyed, certificate.RawEventsPurged));
        Assert.Equal(0, await _store.RowsOfAsync("shop", userId));
    }

    [Fact]
    public async Task A_forget_whose_key_destruction_fails_still_purges_the_rows_and_its_retry_finishes()
    {
        var userId = TestTenant.NewUserId();
        await SendAsync(At(userId, "purchase", Now), At(userId, "app.open", Now));
        var refusal = await RefuseDeletesAsync(_database.OpenKeyStoreAsync, "actors_user_data_keys");

        await Expect.RefusedAsync(StatusCode.Unavailable, () => _server.ForgetAsync(userId));

        Assert.Equal(0, await _store.RowsOfAsync("shop", userId)); // purged without waiting for the key store
        Assert.True(await _store.HasKeyAsync("shop", userId));
        await refusal.DisposeAsync();
        var certificate = await _server.ForgetAsync(userId);
        Assert.True(certificate.ErasedNow);
        // The rows the failed attempt purged are counted: the certificate says what the forget erased.
        Assert.Equal((true, 2L), (certificate.DataKeyDestroyed, certificate.RawEventsPurged));
        Assert.False(await _store.HasKeyAsync("shop", userId));
    }

    [Fact]
    public async Task Late_events_after_forget_store_nothing_and_create_no_key()
    {
        var userId = TestTenant.NewUserId();
        await SendAsync(At(userId, "app.open", Now));
        await _server.ForgetAsync(userId);

        await SendAsync(At(userId, "app.open", Now.AddDays(-200)));
        var receipt = await _server.SendEventsAsync([At(userId, "app.open", Now.AddDays(-200)), At(userId, "purchase", Now.AddDays(-1))]);

        Assert.Equal((0, 2), (receipt.Accepted, receipt.DroppedErased));
        Assert.Equal(0, await _store.RowsOfAsync("shop", userId));
        Assert.False(await _store.HasKeyAsync("shop", userId));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => _server.GetActivityAsync(userId));
    }

    [Fact]
    public async Task Events_of_a_suppressed_user_store_no_raw_row()
    {
        var userId = TestTenant.NewUserId();
        await SendAsync(At(userId, "app.open", Now));
        await _server.SuppressAsync(userId, "objected to tracking");

        await SendAsync(At(userId, "app.open", Now));
        var receipt = await _server.SendEventsAsync([At(userId, "app.open", Now), At(userId, "purchase", Now)]);

        Assert.Equal(2, receipt.DroppedSuppressed);
        Assert.Equal(1, await _store.RowsOfAsync("shop", userId));
    }

    [Fact]
    public async Task Raw_events_older_than_the_policy_are_purged_by_the_users_retention_timer()
    {
        var userId = TestTenant.NewUserId();
        await SendAsync(At(userId, "old", Now.AddDays(-10)), At(userId, "recent", Now.AddMinutes(-1)));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await _store.RowsOfAsync("shop", userId)); // within 30 days: kept

        _platform.Clock.Advance(TimeSpan.FromDays(25));

        await Poll.UntilAsync(async () => await _store.RowsOfAsync("shop", userId) == 1);
        var raw = JsonDocument.Parse((await _server.ExportAsync(userId)).Json).RootElement.GetProperty("raw_events");
        Assert.Equal("recent", Assert.Single(raw.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(2, (await _server.GetActivityAsync(userId)).Counts.Count); // counts are not raw events
    }

    /// <summary>Makes every delete from <paramref name="table"/> fail until the result is disposed.</summary>
    private static async Task<IAsyncDisposable> RefuseDeletesAsync(Func<Task<Npgsql.NpgsqlConnection>> open, string table)
    {
        await using (var connection = await open())
        await using (var refuse = new Npgsql.NpgsqlCommand(
            $"""
            CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deletes refused by the test'; END $$;
            CREATE TRIGGER refuse_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_delete();
            """, connection))
        {
            await refuse.ExecuteNonQueryAsync();
        }
        return new DeleteRefusal(open, table);
    }

    private sealed class DeleteRefusal(Func<Task<Npgsql.NpgsqlConnection>> open, string table) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var connection = await open();
            await using var allow = new Npgsql.NpgsqlCommand($"DROP TRIGGER refuse_delete ON {table}; DROP FUNCTION refuse_delete();", connection);
            await allow.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Sends one user's events as that user's app does: the device key and the user's token.</summary>
    private async Task<EventReceipt> SendAsync(params Event[] events)
    {
        var token = (await _server.IssueDeviceTokenAsync(events.Select(e => e.UserId).Distinct().Single())).Token;
        var headers = new Metadata { { "x-device-token", token } };
        foreach (var header in _deviceHeaders)
        {
            headers.Add(header);
        }
        return await _device.SendEventsAsync(new EventBatch { Events = { events } }, headers);
    }
}
