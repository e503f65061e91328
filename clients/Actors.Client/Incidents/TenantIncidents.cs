using Actors.V1;

namespace Actors.Client.Incidents;

/// <summary>
/// A tenant's side of incidents, from <see cref="ActorsClient.Incidents"/> with a server key: where
/// notices are POSTed, the notices themselves, and which of the tenant's users were affected.
/// </summary>
public sealed class TenantIncidents
{
    private readonly PlatformChannel _channel;
    private readonly V1.Incidents.IncidentsClient _incidents;

    internal TenantIncidents(PlatformChannel channel)
    {
        _channel = channel;
        _incidents = new V1.Incidents.IncidentsClient(channel.Invoker);
    }

    /// <summary>Where notices are POSTed (https), signed like request callbacks; empty stops the POSTs.</summary>
    public Task<IncidentWebhook> SetWebhookAsync(string url, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.SetIncidentWebhookAsync(new SetIncidentWebhookRequest { Url = url }, o), cancellation);

    public async Task<IReadOnlyList<IncidentNotice>> ListNoticesAsync(CancellationToken cancellation = default) =>
        (await _channel.CallAsync(o => _incidents.ListIncidentNoticesAsync(new ListIncidentNoticesRequest(), o), cancellation)).Notices;

    public Task<IncidentNotice> AcknowledgeAsync(string incidentId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.AcknowledgeIncidentNoticeAsync(new AcknowledgeIncidentNoticeRequest { IncidentId = incidentId }, o), cancellation);

    /// <summary>Per user id (1 to 1000 of the tenant's), whether the incident affected that user.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> CheckAffectedAsync(string incidentId, IEnumerable<string> userIds, CancellationToken cancellation = default)
    {
        var response = await _channel.CallAsync(o => _incidents.CheckAffectedAsync(new CheckAffectedRequest { IncidentId = incidentId, UserIds = { userIds } }, o), cancellation);
        return response.Users.GroupBy(u => u.UserId).ToDictionary(g => g.Key, g => g.First().Affected);
    }
}
