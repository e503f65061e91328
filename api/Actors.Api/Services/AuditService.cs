using Actors.Abstractions.Audit;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Mapping;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using AuditVerification = Actors.V1.AuditVerification;

namespace Actors.Api.Services;

/// <summary>The Audit service of the contract: a tenant reads and checks its own trail.</summary>
[Authorize(Policy = Policies.ServerKey)]
public sealed class AuditService(IAuditReader audit, UserReferences references) : V1.Audit.AuditBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public override async Task<ListUserAuditEntriesResponse> ListUserAuditEntries(ListUserAuditEntriesRequest request, ServerCallContext context)
    {
        RequestRules.UserId(request.UserId);
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw Reject.InvalidArgument("page_size", $"is {request.PageSize}; it must be 0 (for {DefaultPageSize}) to {MaxPageSize}");
        }
        var afterSeq = 0L;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, System.Globalization.NumberStyles.None, null, out afterSeq) || afterSeq < 1))
        {
            throw Reject.InvalidArgument("page_token", "is not a token this service returned; send it as next_page_token gave it, or empty for the first page");
        }
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var tenantId = context.Caller().TenantId;
        // One more than asked: whether it exists says whether there is a next page.
        var records = await audit.ListForUserAsync(tenantId, references.For(tenantId, request.UserId), afterSeq, pageSize + 1, context.CancellationToken);
        var page = records.Take(pageSize).ToList();
        return new ListUserAuditEntriesResponse
        {
            Entries = { page.Select(r => new V1.AuditEntry
            {
                Seq = r.Seq,
                At = UserMapper.Time(r.Entry.At),
                Actor = r.Entry.Actor,
                Operation = r.Entry.Operation,
                Subject = r.Entry.Subject,
            }) },
            NextPageToken = records.Count > pageSize ? page[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
        };
    }

    public override async Task<AuditVerification> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context)
    {
        var result = await audit.VerifyAsync(context.Caller().TenantId, null, context.CancellationToken);
        return new AuditVerification
        {
            Ok = result.Ok,
            EntriesChecked = result.EntriesChecked,
            CheckpointSeq = result.CheckpointSeq,
            FirstBrokenSeq = result.FirstBrokenSeq ?? 0,
            Reason = result.Reason,
        };
    }
}
