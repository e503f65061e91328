using Actors.V1;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Client.Incidents;

/// <summary>
/// The operator's side of incidents, from <see cref="ActorsAdminClient.Incidents"/>: security
/// reports, incidents and their steps, reports. docs/operations.md ("Incidents") shows the sequence.
/// </summary>
public sealed class OperatorIncidents
{
    private readonly PlatformChannel _channel;
    private readonly V1.Incidents.IncidentsClient _incidents;

    internal OperatorIncidents(PlatformChannel channel)
    {
        _channel = channel;
        _incidents = new V1.Incidents.IncidentsClient(channel.Invoker);
    }

    public Task<SecurityReport> RecordSecurityReportAsync(DateTimeOffset receivedAt, string source, string summary, string reference = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.RecordSecurityReportAsync(new RecordSecurityReportRequest
        {
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt), Source = source, Summary = summary, Reference = reference,
        }, o), cancellation);

    public async Task<IReadOnlyList<SecurityReport>> ListSecurityReportsAsync(CancellationToken cancellation = default) =>
        (await _channel.CallAsync(o => _incidents.ListSecurityReportsAsync(new ListSecurityReportsRequest(), o), cancellation)).Reports;

    /// <summary>Opens an incident; the answer carries its assessment. <see cref="IncidentScopes"/> builds the scope.</summary>
    public Task<Incident> OpenAsync(DateTimeOffset detectedAt, string description, IncidentScope scope, string securityReportId = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.OpenIncidentAsync(new OpenIncidentRequest
        {
            DetectedAt = Timestamp.FromDateTimeOffset(detectedAt), Description = description, Scope = scope, SecurityReportId = securityReportId,
        }, o), cancellation);

    public Task<Incident> GetAsync(string incidentId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.GetIncidentAsync(new GetIncidentRequest { IncidentId = incidentId }, o), cancellation);

    public async Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellation = default) =>
        (await _channel.CallAsync(o => _incidents.ListIncidentsAsync(new ListIncidentsRequest(), o), cancellation)).Incidents;

    /// <summary>Confirms the breach: each affected tenant's notice is due within 24 hours from now.</summary>
    public Task<Incident> ConfirmAsync(string incidentId, string note = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.ConfirmIncidentAsync(new IncidentStepRequest { IncidentId = incidentId, Note = note }, o), cancellation);

    /// <summary>Issues each affected tenant's notice, with what GDPR Art. 33(3) asks.</summary>
    public Task<Incident> NotifyTenantsAsync(string incidentId, string nature, string likelyConsequences, string measuresTaken, string measuresProposed, string contact,
        CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.NotifyTenantsAsync(new NotifyTenantsRequest
        {
            IncidentId = incidentId, Nature = nature, LikelyConsequences = likelyConsequences, MeasuresTaken = measuresTaken,
            MeasuresProposed = measuresProposed, Contact = contact,
        }, o), cancellation);

    public Task<Incident> ContainAsync(string incidentId, string note = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.ContainIncidentAsync(new IncidentStepRequest { IncidentId = incidentId, Note = note }, o), cancellation);

    public Task<Incident> CloseAsync(string incidentId, string note = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.CloseIncidentAsync(new IncidentStepRequest { IncidentId = incidentId, Note = note }, o), cancellation);

    /// <summary>The incident and a Markdown document of it.</summary>
    public Task<IncidentReport> GetReportAsync(string incidentId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _incidents.GetIncidentReportAsync(new GetIncidentRequest { IncidentId = incidentId }, o), cancellation);
}
