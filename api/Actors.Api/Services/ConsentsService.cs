using Actors.Abstractions;
using Actors.Abstractions.Audit;
using Actors.Api.Audit;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using DomainDecision = Actors.Abstractions.Users.ConsentDecision;

namespace Actors.Api.Services;

/// <summary>The Consents service of the contract.</summary>
[Authorize(Policy = Policies.ServerKey)]
public sealed class ConsentsService(UserGrains users, TenantDirectory tenants, AuditRecorder audit, TimeProvider clock) : Consents.ConsentsBase
{
    public override Task<ConsentState> GrantConsent(ConsentDecisionRequest request, ServerCallContext context) =>
        DecideAsync(request, granted: true, context);

    public override Task<ConsentState> WithdrawConsent(ConsentDecisionRequest request, ServerCallContext context) =>
        DecideAsync(request, granted: false, context);

    public override async Task<ConsentState> GetConsents(GetConsentsRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        if (request.HistoryLimit is < 0 or > Limits.ConsentHistoryMax)
        {
            throw Reject.InvalidArgument("history_limit", $"is {request.HistoryLimit}; it must be 0 (for {Limits.ConsentHistoryDefault}) to {Limits.ConsentHistoryMax}");
        }
        var limit = request.HistoryLimit == 0 ? Limits.ConsentHistoryDefault : request.HistoryLimit;
        var state = await user.GetAsync();
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        await audit.UserAsync(context, AuditOperations.ConsentsRead, user);
        return UserMapper.ToConsentState(request.UserId, state, limit, tenant.Retention, clock.GetUtcNow());
    }

    private async Task<ConsentState> DecideAsync(ConsentDecisionRequest request, bool granted, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        if (!tenant.Purposes.ContainsKey(request.Purpose))
        {
            throw Reject.InvalidArgument("purpose", $"'{RequestRules.Printable(request.Purpose)}' is not a purpose the tenant declared");
        }
        if (!Enum.IsDefined(request.LawfulBasis) || granted && request.LawfulBasis == V1.LawfulBasis.Unspecified)
        {
            throw Reject.InvalidArgument("lawful_basis", granted ? "is required for a grant and must be a defined value" : "must be a defined value");
        }
        RequestRules.Text("source", request.Source, Limits.ConsentSourceMaxBytes, required: true, allowLineBreaks: false);
        RequestRules.Text("policy_version", request.PolicyVersion, Limits.PolicyVersionMaxBytes, required: true, allowLineBreaks: false);
        var decision = new DomainDecision(request.Purpose, granted, UserMapper.ToDomain(request.LawfulBasis), request.Source, request.PolicyVersion, OccurredAt(request));
        var state = await user.RecordConsentAsync(context.Caller().KeyId, decision);
        return UserMapper.ToConsentState(request.UserId, state, Limits.ConsentHistoryDefault, tenant.Retention, clock.GetUtcNow());
    }

    private DateTimeOffset? OccurredAt(ConsentDecisionRequest request)
    {
        if (WellKnownRules.Time("occurred_at", request.OccurredAt) is not { } occurred)
        {
            return null;
        }
        if (occurred > clock.GetUtcNow() + Limits.ClockSkew)
        {
            throw Reject.InvalidArgument("occurred_at", $"is {occurred:O}, more than {Limits.ClockSkew.TotalMinutes} minutes in the future");
        }
        return occurred;
    }
}
