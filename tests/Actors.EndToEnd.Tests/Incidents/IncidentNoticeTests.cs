using System.Text;
using System.Text.Json;
using Actors.Abstractions.Security;
using Actors.Client;
using Actors.Client.Incidents;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Incidents;

/// <summary>
/// An incident's lifecycle and its notices: the 24-hour clock, signed webhook deliveries retried
/// with the outbox's backoff, reads and acknowledgements, what each tenant may see, and refusals
/// that leave the incident as it was.
/// </summary>
public sealed class IncidentNoticeTests : IAsyncLifetime
{
    private IncidentPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await IncidentPlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private OperatorIncidents Incidents => _platform.Admin.Incidents;

    [Fact]
    public async Task From_a_security_report_to_signed_notices_delivered_retried_read_and_acknowledged()
    {
        using var hooked = await _platform.CreateTenantAsync();
        using var unhooked = await _platform.CreateTenantAsync();
        using var bystander = await _platform.CreateTenantAsync();
        await hooked.Server.UpsertAttributesAsync("h-user", new Dictionary<string, string> { ["email"] = "h@example.com" });
        await unhooked.Server.UpsertAttributesAsync("u-user", new Dictionary<string, string> { ["email"] = "u@example.com" });
        await bystander.Server.UpsertAttributesAsync("b-user", new Dictionary<string, string> { ["email"] = "b@example.com" });
        await hooked.Server.Incidents.SetWebhookAsync(_platform.Receiver.UrlFor("incidents"));
        var report = await Incidents.RecordSecurityReportAsync(_platform.Now, "researcher", "an export bucket is listable", "TICKET-1");

        var incident = await Incidents.OpenAsync(_platform.Now, "export bucket listable", IncidentScopes.Tenants(hooked.Id, unhooked.Id), report.ReportId);
        Assert.Equal(incident.IncidentId, Assert.Single(await Incidents.ListSecurityReportsAsync(), r => r.ReportId == report.ReportId).IncidentId);
        await Expect.RefusedAsync(StatusCode.NotFound, () => Incidents.OpenAsync(_platform.Now, "again", IncidentScopes.Tenants(hooked.Id), report.ReportId));

        var confirmed = await Incidents.ConfirmAsync(incident.IncidentId, "bucket policy checked");
        Assert.Equal(confirmed.ConfirmedAt.ToDateTimeOffset() + TimeSpan.FromHours(24), confirmed.NoticeDueAt.ToDateTimeOffset());
        Assert.All(confirmed.Notices, n => Assert.Equal(NoticeState.Pending, n.State));
        _platform.Later(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.All((await Incidents.GetAsync(incident.IncidentId)).Notices, n => Assert.Equal(NoticeState.Overdue, n.State));

        _platform.Receiver.AnswerWith = 503;
        var notified = await Incidents.NotifyTenantsAsync(incident.IncidentId, "a storage bucket holding exports was listable",
            "exported profiles may have been read", "bucket closed, keys rotated", "review of bucket policies", "privacy@processor.example");
        Assert.Equal(IncidentStatus.TenantsNotified, notified.Status);
        await Poll.UntilAsync(async () => _platform.Receiver.Received.Count >= 2, timeoutSeconds: 10);
        var failing = Assert.Single((await Incidents.GetAsync(incident.IncidentId)).Notices, n => n.TenantId == hooked.Id);
        Assert.True(failing.DeliveryAttempts >= 2 && failing.LastDeliveryError == "HTTP 503", $"{failing.DeliveryAttempts} attempts, {failing.LastDeliveryError}");
        _platform.Receiver.AnswerWith = 200;
        await Poll.UntilAsync(async () => _platform.Receiver.Accepted.Count == 1, timeoutSeconds: 10);
        await Poll.UntilAsync(async () => (await Incidents.GetAsync(incident.IncidentId)).Notices.Single(n => n.TenantId == hooked.Id).State == NoticeState.Delivered, timeoutSeconds: 10);

        var delivered = Assert.Single(_platform.Receiver.Accepted);
        using var platformKey = new PlatformSigningKey(MasterKey.Parse(_platform.Platform.Secrets.MasterKey));
        Assert.True(PlatformSignatures.Verify(delivered.Body, delivered.Header("X-OpenDSR-Signature"), platformKey.PublicKeyPem));
        using var notice = JsonDocument.Parse(delivered.Body);
        Assert.Equal(("actors.incident_notice", incident.IncidentId, hooked.Id, 1L), (notice.RootElement.GetProperty("type").GetString(),
            notice.RootElement.GetProperty("incident_id").GetString(), notice.RootElement.GetProperty("tenant_id").GetString(),
            notice.RootElement.GetProperty("approximate_data_subjects").GetInt64()));
        Assert.Contains("inform the affected users", notice.RootElement.GetProperty("recommendation").GetString());
        Assert.Equal("privacy@processor.example", notice.RootElement.GetProperty("contact").GetString());
        var body = Encoding.UTF8.GetString(delivered.Body);
        Assert.DoesNotContain(unhooked.Id, body);
        Assert.DoesNotContain(bystander.Id, body);

        // The tenant without a webhook reads its notice: that read is its delivery.
        var read = Assert.Single(await unhooked.Server.Incidents.ListNoticesAsync());
        Assert.Equal(NoticeState.Delivered, read.State);
        Assert.DoesNotContain(hooked.Id, read.BodyJson);
        Assert.Equal(read.IssuedAt.ToDateTimeOffset() + TimeSpan.FromHours(72), read.AuthorityDeadline.ToDateTimeOffset());
        var acknowledged = await unhooked.Server.Incidents.AcknowledgeAsync(incident.IncidentId);
        Assert.Equal(NoticeState.Acknowledged, acknowledged.State);

        // A bystander sees nothing of it.
        Assert.Empty(await bystander.Server.Incidents.ListNoticesAsync());
        await Expect.RefusedAsync(StatusCode.NotFound, () => bystander.Server.Incidents.AcknowledgeAsync(incident.IncidentId));
        await Expect.RefusedAsync(StatusCode.NotFound, () => bystander.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["b-user"]));

        await Incidents.ContainAsync(incident.IncidentId, "bucket closed");
        var closed = await Incidents.CloseAsync(incident.IncidentId);
        Assert.Equal(IncidentStatus.Closed, closed.Status);
        Assert.Equal(["open", "confirm", "notify", "acknowledge", "contain", "close"], closed.Timeline.Select(s => s.Step));
        Assert.Equal(unhooked.ServerKey.Info.KeyId, closed.Timeline.Single(s => s.Step == "acknowledge").Actor);
        var document = (await Incidents.GetReportAsync(incident.IncidentId)).Markdown;
        Assert.Contains($"# Incident {incident.IncidentId}", document);
        Assert.Contains("| " + unhooked.Id + " | acknowledged |", document);
        Assert.True((await hooked.Server.VerifyAuditTrailAsync()).Ok);
        Assert.True((await unhooked.Server.VerifyAuditTrailAsync()).Ok);
    }

    [Fact]
    public async Task Bad_input_and_steps_out_of_order_are_refused_and_leave_the_incident_as_it_was()
    {
        using var tenant = await _platform.CreateTenantAsync();
        var now = _platform.Now;
        var field = await Expect.RefusedAsync(StatusCode.InvalidArgument, () =>
            Incidents.OpenAsync(now, "window backwards", IncidentScopes.LeakedKey(tenant.ServerKey.Info.KeyId, now, now.AddHours(-1))));
        Assert.Equal("scope.leaked_key.to", Assert.Single(field.FieldViolations).Field);
        field = await Expect.RefusedAsync(StatusCode.NotFound, () =>
            Incidents.OpenAsync(now, "unknown key", IncidentScopes.LeakedKey("0123456789ab", now.AddHours(-1), now)));
        Assert.Equal("scope.leaked_key.key_id", Assert.Single(field.FieldViolations).Field);
        field = await Expect.RefusedAsync(StatusCode.InvalidArgument, () =>
            Incidents.OpenAsync(now, "no store", IncidentScopes.StoreExposure(ExposedStore.Unspecified, now.AddHours(-1), now)));
        Assert.Equal("scope.store_exposure.store", Assert.Single(field.FieldViolations).Field);
        field = await Expect.RefusedAsync(StatusCode.NotFound, () => Incidents.OpenAsync(now, "no such tenant", IncidentScopes.Tenants("no-such-tenant")));
        Assert.Equal("scope.tenants.tenant_ids[0]", Assert.Single(field.FieldViolations).Field);
        using var tenantAsOperator = new ActorsAdminClient(new ActorsClientOptions
        {
            CaCertificatePath = TestTls.CaFile, Address = _platform.Platform.Address, ApiKey = tenant.ServerKey.ApiKey,
        });
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenantAsOperator.Incidents.ListAsync());

        var incident = await Incidents.OpenAsync(now, "laptop lost", IncidentScopes.Tenants(tenant.Id));
        var refusal = await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => Incidents.CloseAsync(incident.IncidentId));
        Assert.Contains("notified", refusal.Detail);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => Incidents.NotifyTenantsAsync(incident.IncidentId, "n", "c", "m", "", "privacy@processor.example"));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => Incidents.ContainAsync(incident.IncidentId));
        await Incidents.ConfirmAsync(incident.IncidentId);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => Incidents.ConfirmAsync(incident.IncidentId));
        field = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => Incidents.NotifyTenantsAsync(incident.IncidentId, "", "c", "m", "", "privacy@processor.example"));
        Assert.Equal("nature", Assert.Single(field.FieldViolations).Field);
        await Expect.RefusedAsync(StatusCode.NotFound, () => Incidents.ConfirmAsync(Guid.NewGuid().ToString()));

        var after = await Incidents.GetAsync(incident.IncidentId);
        Assert.Equal(IncidentStatus.Confirmed, after.Status);
        Assert.Equal(["open", "confirm"], after.Timeline.Select(s => s.Step));
        Assert.Null(after.NotifiedAt);
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["u"]));
    }
}
