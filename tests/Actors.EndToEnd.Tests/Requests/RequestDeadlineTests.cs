using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using Npgsql;

namespace Actors.EndToEnd.Tests.Requests;

/// <summary>
/// Deadlines, grace periods and export expiry of data subject requests, on a platform whose clock
/// the tests move forward; request timers look every second here (every minute by default).
/// </summary>
public sealed class RequestDeadlineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database) { ExtraSettings = { ["Actors:RequestCheckPeriod"] = "00:00:01" } };
        await _platform.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_legal_deadline_runs_a_month_from_receipt_the_SLA_sets_an_earlier_target_and_overdue_requests_are_listed()
    {
        using var tenant = await TenantWithPolicyAsync(new RequestPolicy { SlaDays = 7, ReviewBeforeProcessing = true });
        var requestId = Guid.NewGuid().ToString("D");

        var filed = await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestId, Type = V1.RequestType.Access, UserId = TestTenant.NewUserId() });

        var received = filed.ReceivedAt.ToDateTimeOffset();
        Assert.Equal(received.AddMonths(1), filed.DueAt.ToDateTimeOffset());
        Assert.Equal(received.AddDays(7), filed.TargetAt.ToDateTimeOffset());
        Assert.Equal(filed.TargetAt, filed.ExpectedCompletionAt);
        Assert.Contains(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { DueWithinDays = 10 }));
        Assert.DoesNotContain(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { DueWithinDays = 5 }));
        Assert.DoesNotContain(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { OverdueOnly = true }));

        _platform.Clock.Advance(TimeSpan.FromDays(32));

        var late = await tenant.Server.GetRequestAsync(requestId);
        Assert.True(late.Overdue);
        Assert.Contains(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { OverdueOnly = true }));
        var refusal = await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.ExtendRequestAsync(requestId, 1, "complex request"));
        Assert.Contains("deadline passed", refusal.Detail);
        await tenant.Server.ApproveRequestAsync(requestId);
        await RequestLifecycleTests.WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
        Assert.DoesNotContain(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { OverdueOnly = true }));
    }

    [Fact]
    public async Task Identity_verification_stops_the_clock_and_an_extension_of_at_most_two_months_needs_a_reason()
    {
        using var tenant = await TenantWithPolicyAsync(new RequestPolicy { ReviewBeforeProcessing = true });
        var requestId = Guid.NewGuid().ToString("D");
        var filed = await tenant.Server.CreateRequestAsync(new CreateRequestRequest
        {
            RequestId = requestId, Type = V1.RequestType.Erasure, UserId = TestTenant.NewUserId(), IdentityVerificationPending = true,
        });
        var received = filed.ReceivedAt.ToDateTimeOffset();

        _platform.Clock.Advance(TimeSpan.FromDays(40));

        var paused = await tenant.Server.GetRequestAsync(requestId);
        Assert.True(paused.IdentityVerificationPending);
        Assert.False(paused.Overdue); // its clock stands still
        Assert.DoesNotContain(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { OverdueOnly = true }));
        var verified = await tenant.Server.VerifyIdentityAsync(requestId);
        Assert.False(verified.IdentityVerificationPending);
        Assert.InRange(verified.PausedSeconds, (long)TimeSpan.FromDays(40).TotalSeconds, (long)TimeSpan.FromDays(40).TotalSeconds + 60);
        var dueAfterPause = received.AddMonths(1) + TimeSpan.FromSeconds(verified.PausedSeconds);
        Assert.InRange(verified.DueAt.ToDateTimeOffset(), dueAfterPause, dueAfterPause.AddSeconds(1));
        Assert.Contains(requestId, await ListedAsync(tenant.Server, new ListRequestsRequest { DueWithinDays = 31 }));

        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ExtendRequestAsync(requestId, 2, ""));
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ExtendRequestAsync(requestId, 3, "many systems to search"));
        var extended = await tenant.Server.ExtendRequestAsync(requestId, 2, "many systems to search");
        Assert.Equal(2, extended.ExtendedMonths);
        Assert.Equal("many systems to search", extended.ExtensionReason);
        Assert.Equal(received.AddMonths(3) + TimeSpan.FromSeconds(verified.PausedSeconds), extended.DueAt.ToDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal("many systems to search", extended.History.Single(h => h.Event == "extended").Note);
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.ExtendRequestAsync(requestId, 1, "still searching"));
        Assert.Equal(["received", "identity_verified", "extended"], (await tenant.Server.GetRequestAsync(requestId)).History.Select(h => h.Event));
    }

    [Fact]
    public async Task An_erasure_waits_out_its_grace_period_and_can_be_cancelled_until_then_leaving_the_user_intact()
    {
        using var tenant = await TenantWithPolicyAsync(new RequestPolicy { ErasureGraceHours = 24 });
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        var cancelled = Guid.NewGuid().ToString("D");
        var filed = await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = cancelled, Type = V1.RequestType.Erasure, UserId = userId });
        Assert.Equal(filed.ReceivedAt.ToDateTimeOffset().AddHours(24), filed.GraceEndsAt.ToDateTimeOffset());

        await Task.Delay(TimeSpan.FromSeconds(3)); // three looks of the request's timer: still in grace
        Assert.Equal(V1.RequestStatus.Pending, (await tenant.Server.GetRequestAsync(cancelled)).Status);
        var answer = await tenant.Server.CancelRequestAsync(cancelled, "the subject changed their mind");

        Assert.Equal(V1.RequestStatus.Cancelled, answer.Status);
        Assert.Equal($"{marker}@example.com", Assert.Single((await tenant.Server.GetProfileAsync(userId)).Attributes).Value);
        Assert.NotEmpty(await DatabaseSearch.FindAsync(_database, marker, _platform.Secrets));

        var erasure = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = erasure, Type = V1.RequestType.Erasure, UserId = userId });
        _platform.Clock.Advance(TimeSpan.FromHours(25));

        var completed = await RequestLifecycleTests.WaitForStatusAsync(tenant.Server, erasure, V1.RequestStatus.Completed);
        Assert.True(completed.ReceiptAvailable);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.CancelRequestAsync(erasure, ""));
        Assert.Empty(await DatabaseSearch.FindAsync(_database, marker, _platform.Secrets));
    }

    [Fact]
    public async Task An_export_is_deleted_when_the_tenants_export_retention_ends()
    {
        using var tenant = await TenantWithPolicyAsync(new RequestPolicy { ExportRetentionDays = 3 });
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Utrecht" });
        var requestId = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestId, Type = V1.RequestType.Portability, UserId = userId });
        var completed = await RequestLifecycleTests.WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
        Assert.Equal(completed.History.Single(h => h.Event == "completed").At.ToDateTimeOffset().AddDays(3), completed.ExportExpiresAt.ToDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Contains("Utrecht", (await tenant.Server.GetRequestExportAsync(requestId)).Json);
        Assert.Equal(1, await StoredExportsAsync(requestId));

        _platform.Clock.Advance(TimeSpan.FromDays(4));

        await Poll.UntilAsync(async () => (await tenant.Server.GetRequestAsync(requestId)).History.Any(h => h.Event == "export_deleted"));
        Assert.Equal(0, await StoredExportsAsync(requestId));
        Assert.False((await tenant.Server.GetRequestAsync(requestId)).ExportAvailable);
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetRequestExportAsync(requestId));
    }

    [Fact]
    public async Task No_receipt_is_issued_while_the_check_still_finds_data_and_one_is_once_it_finds_none()
    {
        using var tenant = await TenantWithPolicyAsync(new RequestPolicy());
        using (var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = _platform.OperatorKey }))
        {
            await admin.SetRetentionPolicyAsync(tenant.Id, new RetentionPolicy { RawEventRetentionDays = 30 });
        }
        var userId = TestTenant.NewUserId();
        var now = _platform.Clock.GetUtcNow();
        await tenant.Server.SendEventsAsync([TestEvents.At(userId, "app.open", now), TestEvents.At(userId, "purchase", now)]);
        // A fault the erasure cannot see: the database quietly keeps raw events it is told to delete.
        await ExecuteAsync("""
            CREATE FUNCTION keep_raw_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER keep_raw_events BEFORE DELETE ON actors_raw_events FOR EACH ROW EXECUTE FUNCTION keep_raw_events();
            """);
        var requestId = Guid.NewGuid().ToString("D");

        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestId, Type = V1.RequestType.Erasure, UserId = userId });
        await Task.Delay(TimeSpan.FromSeconds(3)); // the erasure and its check, run three times over

        var stuck = await tenant.Server.GetRequestAsync(requestId);
        Assert.Equal(V1.RequestStatus.InProgress, stuck.Status);
        Assert.False(stuck.ReceiptAvailable);
        Assert.True(stuck.FailedRuns >= 2, $"{stuck.FailedRuns} failed runs on record");
        Assert.Contains("2 raw events", stuck.LastFailure);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetErasureReceiptAsync(requestId));

        await ExecuteAsync("DROP TRIGGER keep_raw_events ON actors_raw_events; DROP FUNCTION keep_raw_events();");

        var completed = await RequestLifecycleTests.WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
        Assert.True(completed.ReceiptAvailable);
        var receipt = System.Text.Json.JsonDocument.Parse((await tenant.Server.GetErasureReceiptAsync(requestId)).ReceiptJson).RootElement;
        Assert.Equal(0, receipt.GetProperty("stores").GetProperty("raw_events").GetProperty("remaining").GetInt64());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<TestTenant> TenantWithPolicyAsync(RequestPolicy policy)
    {
        var tenant = await TestTenant.CreateAsync(_platform);
        using var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = _platform.OperatorKey });
        await admin.SetRequestPolicyAsync(tenant.Id, policy);
        return tenant;
    }

    private static async Task<IReadOnlyList<string>> ListedAsync(ActorsClient client, ListRequestsRequest query) =>
        [.. (await client.ListRequestsAsync(query)).Requests.Select(r => r.RequestId)];

    private async Task<long> StoredExportsAsync(string requestId)
    {
        await using var connection = await _database.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM actors_request_exports WHERE request_id = $1", connection);
        count.Parameters.Add(new() { Value = Guid.Parse(requestId) });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
