using Actors.Abstractions.Incidents;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Tenants;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using static Actors.Api.Incidents.IncidentRules;

namespace Actors.Api.Incidents;

/// <summary>
/// The Incidents service of the contract: the operator's side (reports, incidents, their steps)
/// and the tenant's (its webhook, its notices, its users checked). Thin over the incident store.
/// </summary>
public sealed class IncidentsService(IIncidentStore store, TenantDirectory tenants, UserReferences references, IOptions<CallbackOptions> callbacks,
    TimeProvider clock) : V1.Incidents.IncidentsBase
{
    [Authorize(Policy = Policies.Operator)]
    public override async Task<SecurityReport> RecordSecurityReport(RecordSecurityReportRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var report = new SecurityReportRecord(Guid.NewGuid(), Past("received_at", request.ReceivedAt, now), now, Text("source", request.Source, LabelMaxBytes),
            Text("summary", request.Summary), Text("reference", request.Reference, LabelMaxBytes, required: false), null);
        return IncidentMapper.ToMessage(await store.RecordReportAsync(report, context.CancellationToken));
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<ListSecurityReportsResponse> ListSecurityReports(ListSecurityReportsRequest request, ServerCallContext context) =>
        new() { Reports = { (await store.ListReportsAsync(context.CancellationToken)).Select(IncidentMapper.ToMessage) } };

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Incident> OpenIncident(OpenIncidentRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var detectedAt = Past("detected_at", request.DetectedAt, now);
        var description = Text("description", request.Description);
        var scope = IncidentRules.Scope(request.Scope, now);
        var reportId = Id("security_report_id", request.SecurityReportId, required: false);
        await EnsureTenantsExistAsync(scope, context.CancellationToken);
        var incident = await store.OpenAsync(new NewIncident(detectedAt, description, scope, reportId == Guid.Empty ? null : reportId), now, context.CancellationToken);
        return await ToMessageAsync(incident, context.CancellationToken);
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Incident> GetIncident(GetIncidentRequest request, ServerCallContext context) =>
        await ToMessageAsync(await FindAsync(request.IncidentId, context.CancellationToken), context.CancellationToken);

    [Authorize(Policy = Policies.Operator)]
    public override async Task<ListIncidentsResponse> ListIncidents(ListIncidentsRequest request, ServerCallContext context)
    {
        var response = new ListIncidentsResponse();
        foreach (var incident in await store.ListAsync(context.CancellationToken))
        {
            response.Incidents.Add(await ToMessageAsync(incident, context.CancellationToken));
        }
        return response;
    }

    [Authorize(Policy = Policies.Operator)]
    public override Task<Incident> ConfirmIncident(IncidentStepRequest request, ServerCallContext context) => StepAsync(request, IncidentStepKind.Confirm, context);

    [Authorize(Policy = Policies.Operator)]
    public override Task<Incident> ContainIncident(IncidentStepRequest request, ServerCallContext context) => StepAsync(request, IncidentStepKind.Contain, context);

    [Authorize(Policy = Policies.Operator)]
    public override Task<Incident> CloseIncident(IncidentStepRequest request, ServerCallContext context) => StepAsync(request, IncidentStepKind.Close, context);

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Incident> NotifyTenants(NotifyTenantsRequest request, ServerCallContext context)
    {
        var incidentId = Id("incident_id", request.IncidentId);
        var texts = new NoticeTexts(Text("nature", request.Nature), Text("likely_consequences", request.LikelyConsequences), Text("measures_taken", request.MeasuresTaken),
            Text("measures_proposed", request.MeasuresProposed, required: false), Text("contact", request.Contact, LabelMaxBytes));
        var known = await FindAsync(request.IncidentId, context.CancellationToken);
        var declarations = await DeclarationsAsync(known, context.CancellationToken);
        var incident = await store.NotifyAsync(incidentId,
            (current, tenant) => IncidentNoticeDocument.Compose(current, tenant, texts, declarations.GetValueOrDefault(tenant.TenantId)), clock.GetUtcNow(), context.CancellationToken);
        return IncidentMapper.ToMessage(incident, declarations, clock.GetUtcNow());
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<IncidentReport> GetIncidentReport(GetIncidentRequest request, ServerCallContext context)
    {
        var incident = await ToMessageAsync(await FindAsync(request.IncidentId, context.CancellationToken), context.CancellationToken);
        return new IncidentReport { Incident = incident, Markdown = IncidentReportMarkdown.Render(incident) };
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<IncidentWebhook> SetIncidentWebhook(SetIncidentWebhookRequest request, ServerCallContext context)
    {
        if (request.Url.Length > 0 && CallbackUrls.Validate(request.Url, callbacks.Value.AllowPrivateNetworks) is { } invalid)
        {
            throw Reject.InvalidArgument("url", invalid);
        }
        await store.SetWebhookAsync(context.Caller().TenantId, request.Url, clock.GetUtcNow(), context.CancellationToken);
        return new IncidentWebhook { Url = request.Url };
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<ListIncidentNoticesResponse> ListIncidentNotices(ListIncidentNoticesRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var notices = await store.NoticesForAsync(context.Caller().TenantId, now, context.CancellationToken);
        return new() { Notices = { notices.Select(n => IncidentMapper.ToNotice(n.Incident, n.Notice, now)) } };
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<IncidentNotice> AcknowledgeIncidentNotice(AcknowledgeIncidentNoticeRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var now = clock.GetUtcNow();
        var (incident, notice) = await store.AcknowledgeAsync(Id("incident_id", request.IncidentId), caller.TenantId, caller.KeyId, now, context.CancellationToken);
        return IncidentMapper.ToNotice(incident, notice, now);
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<CheckAffectedResponse> CheckAffected(CheckAffectedRequest request, ServerCallContext context)
    {
        var tenantId = context.Caller().TenantId;
        var incidentId = Id("incident_id", request.IncidentId);
        var userIds = UserIds(request.UserIds);
        var byReference = userIds.Select(id => (Id: id, Reference: references.For(tenantId, id))).ToList();
        var affected = await store.AffectedAmongAsync(incidentId, tenantId, [.. byReference.Select(u => u.Reference).Distinct()], context.CancellationToken);
        return new() { Users = { byReference.Select(u => new UserAffected { UserId = u.Id, Affected = affected.Contains(u.Reference) }) } };
    }

    private async Task<Incident> StepAsync(IncidentStepRequest request, string step, ServerCallContext context)
    {
        var incidentId = Id("incident_id", request.IncidentId);
        var note = Text("note", request.Note, NoteMaxBytes, required: false);
        return await ToMessageAsync(await store.StepAsync(incidentId, step, note, clock.GetUtcNow(), context.CancellationToken), context.CancellationToken);
    }

    private async Task<IncidentRecord> FindAsync(string incidentId, CancellationToken cancellation) =>
        await store.GetAsync(Id("incident_id", incidentId), cancellation) ?? throw Reject.WithField(Code.NotFound, "incident_id", "no incident with this id");

    private async Task EnsureTenantsExistAsync(Abstractions.Incidents.IncidentScope scope, CancellationToken cancellation)
    {
        var (field, ids) = scope switch
        {
            Abstractions.Incidents.IncidentScope.StoreExposure store => ("scope.store_exposure.tenant_ids", store.TenantIds),
            Abstractions.Incidents.IncidentScope.Tenants whole => ("scope.tenants.tenant_ids", whole.TenantIds),
            _ => ("", (IReadOnlyList<string>)[]),
        };
        for (var i = 0; i < ids.Count; i++)
        {
            if (await tenants.FindAsync(ids[i], cancellation) is null)
            {
                throw Reject.WithField(Code.NotFound, $"{field}[{i}]", $"no tenant '{ids[i]}'");
            }
        }
    }

    private async Task<Dictionary<string, TenantState?>> DeclarationsAsync(IncidentRecord incident, CancellationToken cancellation)
    {
        var declarations = new Dictionary<string, TenantState?>(StringComparer.Ordinal);
        foreach (var tenant in incident.Tenants)
        {
            declarations[tenant.TenantId] = await tenants.FindAsync(tenant.TenantId, cancellation);
        }
        return declarations;
    }

    private async Task<Incident> ToMessageAsync(IncidentRecord incident, CancellationToken cancellation) =>
        IncidentMapper.ToMessage(incident, await DeclarationsAsync(incident, cancellation), clock.GetUtcNow());
}
