using Actors.Client.Incidents;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Incidents;

/// <summary>
/// An exposure of stored state counts the users the store still holds, also those whose writes
/// the audit retention has cut from the trail (a platform of its own: its clock moves a year on).
/// </summary>
public sealed class IncidentRetentionTests : IAsyncLifetime
{
    private IncidentPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await IncidentPlatform.StartAsync(new Dictionary<string, string> { ["Actors:Audit:RetentionCheckPeriod"] = "00:00:01" });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_user_whose_writes_the_retention_cut_counts_while_its_state_is_stored()
    {
        using var tenant = await _platform.CreateTenantAsync();
        await tenant.Server.UpsertAttributesAsync("kept", new Dictionary<string, string> { ["email"] = "kept@example.com" });
        await tenant.Server.UpsertAttributesAsync("forgotten", new Dictionary<string, string> { ["email"] = "forgotten@example.com" });
        await tenant.Server.ForgetAsync("forgotten");
        _platform.Later(TimeSpan.FromDays(400));
        var audit = new AuditTable(_platform.Database);
        await Poll.UntilAsync(async () => await audit.CheckpointSeqAsync(tenant.Id) is not null);
        await tenant.Server.GetProfileAsync("kept"); // the trail now shows a read of the user, no write
        var now = _platform.Now;

        var incident = await _platform.Admin.Incidents.OpenAsync(now, "a replica's disk was copied",
            IncidentScopes.StoreExposure(ExposedStore.GrainState, now.AddHours(-1), now, tenant.Id));

        var assessed = Assert.Single(incident.Assessment.Tenants);
        Assert.Equal((1L, 1L), (assessed.AffectedUsers, assessed.Records));
        Assert.Contains(assessed.DataCategories, c => c.StartsWith("profile attributes", StringComparison.Ordinal));
        await _platform.Admin.Incidents.ConfirmAsync(incident.IncidentId);
        await _platform.Admin.Incidents.NotifyTenantsAsync(incident.IncidentId, "disk copied", "profile data read", "disk wiped", "", "privacy@processor.example");
        var check = await tenant.Server.Incidents.CheckAffectedAsync(incident.IncidentId, ["kept", "forgotten", "never-seen"]);
        Assert.Equal(["kept"], check.Where(u => u.Value).Select(u => u.Key));

        // Raw events are not grain state: the same window over them finds nobody.
        var events = await _platform.Admin.Incidents.OpenAsync(now, "an event partition was copied",
            IncidentScopes.StoreExposure(ExposedStore.RawEvents, now.AddHours(-1), now, tenant.Id));
        Assert.Empty(events.Assessment.Tenants);
    }
}
