using Actors.Client.Incidents;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Incidents;

/// <summary>
/// Who an incident affected, computed from the audit trail of users written at known instants
/// (the platform's clock moved on between them), and a tenant checking its own users against it.
/// </summary>
public sealed class IncidentAssessmentTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);
    private IncidentPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await IncidentPlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_leaked_key_affects_exactly_the_users_it_read_or_changed_in_the_window()
    {
        using var a = await _platform.CreateTenantAsync();
        using var b = await _platform.CreateTenantAsync();
        using var c = await _platform.CreateTenantAsync();
        var (beforeOnly, readInWindow, writtenInWindow, otherKeyInWindow, afterOnly) = ("before", "read", "written", "other-key", "after");
        await a.Server.UpsertAttributesAsync(beforeOnly, Email("before"));
        await a.Server.UpsertAttributesAsync(readInWindow, Email("read"));
        var secondKey = await _platform.Admin.IssueApiKeyAsync(a.Id, ApiKeyKind.Server, "second backend");
        using var second = _platform.Client(secondKey.ApiKey);
        await b.Server.UpsertAttributesAsync("b-user", Email("b"));

        var from = _platform.Later(Step);
        await a.Server.GetProfileAsync(readInWindow);
        await a.Server.UpsertAttributesAsync(writtenInWindow, Email("written"));
        await a.Server.GrantConsentAsync(writtenInWindow, "marketing", LawfulBasis.Consent, "web", "v1");
        await second.UpsertAttributesAsync(otherKeyInWindow, Email("other"));
        await b.Server.UpsertAttributesAsync("b-user-2", Email("b2"));
        await c.Server.UpsertAttributesAsync("c-user", Email("c"));
        var to = _platform.Later(Step);
        _platform.Later(Step);
        await a.Server.UpsertAttributesAsync(afterOnly, Email("after"));
        await a.Server.GetProfileAsync(beforeOnly);

        var incident = await _platform.Admin.Incidents.OpenAsync(_platform.Now, "backend key published in a public repository",
            IncidentScopes.LeakedKey(a.ServerKey.Info.KeyId, from, to));

        Assert.Equal(IncidentStatus.Detected, incident.Status);
        var tenant = Assert.Single(incident.Assessment.Tenants);
        Assert.Equal((a.Id, 2L, 3L), (tenant.TenantId, tenant.AffectedUsers, tenant.Records));
        Assert.Contains("profile attributes: city, email, favourite_topic, name", tenant.DataCategories);
        Assert.Contains("consent records: marketing", tenant.DataCategories);
        Assert.Equal(2, incident.Assessment.AffectedUsers);
        await NotifyAsync(incident.IncidentId);
        var check = await a.Server.Incidents.CheckAffectedAsync(incident.IncidentId,
            [beforeOnly, readInWindow, writtenInWindow, otherKeyInWindow, afterOnly, "b-user", "never-seen"]);
        Assert.Equal([readInWindow, writtenInWindow], check.Where(u => u.Value).Select(u => u.Key).Order());
        Assert.Equal(7, check.Count);
        // Tenants the key could not reach have no part in the incident: it does not exist for them.
        await Expect.RefusedAsync(StatusCode.NotFound, () => b.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["b-user"]));
        Assert.Empty(await c.Server.Incidents.ListNoticesAsync());
    }

    [Fact]
    public async Task A_store_exposure_counts_users_held_in_the_window_and_not_those_created_after_or_erased_before()
    {
        using var a = await _platform.CreateTenantAsync();
        using var b = await _platform.CreateTenantAsync();
        using var outside = await _platform.CreateTenantAsync();
        await a.Server.UpsertAttributesAsync("alive", Email("alive"));
        await a.Server.UpsertAttributesAsync("erased-before", Email("erased-before"));
        await a.Server.UpsertAttributesAsync("erased-during", Email("erased-during"));
        await b.Server.GrantConsentAsync("consent-only", "marketing", LawfulBasis.Consent, "web", "v1");
        await outside.Server.UpsertAttributesAsync("outside", Email("outside"));
        _platform.Later(Step);
        await a.Server.ForgetAsync("erased-before");

        var from = _platform.Later(Step);
        await a.Server.UpsertAttributesAsync("created-during", Email("created-during"));
        await a.Server.ForgetAsync("erased-during");
        var to = _platform.Later(Step);
        _platform.Later(Step);
        await a.Server.UpsertAttributesAsync("created-after", Email("created-after"));
        await b.Server.UpsertAttributesAsync("b-created-after", Email("b-after"));

        var incident = await _platform.Admin.Incidents.OpenAsync(_platform.Now, "a replica's port was open to the internet",
            IncidentScopes.StoreExposure(ExposedStore.GrainState, from, to, a.Id, b.Id));

        var byTenant = incident.Assessment.Tenants.ToDictionary(t => t.TenantId);
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), byTenant.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, byTenant[a.Id].AffectedUsers);
        Assert.Equal(1, byTenant[b.Id].AffectedUsers);
        Assert.Equal(["consent records: marketing"], byTenant[b.Id].DataCategories);
        await NotifyAsync(incident.IncidentId);
        var check = await a.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["alive", "erased-before", "erased-during", "created-during", "created-after"]);
        Assert.Equal(["alive", "created-during", "erased-during"], check.Where(u => u.Value).Select(u => u.Key).Order());
        await Expect.RefusedAsync(StatusCode.NotFound, () => outside.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["outside"]));

        var logs = await _platform.Admin.Incidents.OpenAsync(_platform.Now, "log files copied", IncidentScopes.StoreExposure(ExposedStore.Logs, from, to));
        Assert.Empty(logs.Assessment.Tenants);
        Assert.Contains("logs hold no personal data", logs.Assessment.Method);
    }

    [Fact]
    public async Task Whole_tenants_count_every_user_they_held_when_the_incident_was_detected()
    {
        using var a = await _platform.CreateTenantAsync();
        await a.Server.UpsertAttributesAsync("kept", Email("kept"));
        await a.Server.UpsertAttributesAsync("forgotten", Email("forgotten"));
        await a.Server.ForgetAsync("forgotten");
        var detected = _platform.Later(Step);
        _platform.Later(Step);
        await a.Server.UpsertAttributesAsync("later", Email("later"));

        var incident = await _platform.Admin.Incidents.OpenAsync(detected, "tenant's data sent to a wrong recipient", IncidentScopes.Tenants(a.Id));

        Assert.Equal(1, Assert.Single(incident.Assessment.Tenants).AffectedUsers);
    }

    private async Task NotifyAsync(string incidentId)
    {
        await _platform.Admin.Incidents.ConfirmAsync(incidentId);
        await _platform.Admin.Incidents.NotifyTenantsAsync(incidentId, "unauthorised access", "phishing", "key revoked", "", "privacy@processor.example");
    }

    private static Dictionary<string, string> Email(string who) => new() { ["email"] = $"{who}@example.com" };
}
