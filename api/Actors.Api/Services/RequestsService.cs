using Actors.Abstractions;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Mapping;
using Actors.Api.Requests;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>The Requests service of the contract: thin over the request grains and the request directory.</summary>
[Authorize(Policy = Policies.ServerKey)]
public sealed class RequestsService(RequestIntake intake, IRequestDirectory directory, PlatformSigningKey signingKey, TimeProvider clock) : V1.Requests.RequestsBase
{
    public override async Task<DataSubjectRequest> CreateRequest(CreateRequestRequest request, ServerCallContext context)
    {
        var state = await intake.FileAsync(context.Caller(), request.RequestId, RequestMapper.ToDomain(request.Type), request.UserId,
            WellKnownRules.Time("submitted_at", request.SubmittedAt), request.CallbackUrls, request.IdentityVerificationPending, request.Rectifications,
            request.ObjectionPurposes, "grpc", context.CancellationToken);
        return RequestMapper.ToMessage(state, clock.GetUtcNow());
    }

    public override async Task<DataSubjectRequest> GetRequest(GetRequestRequest request, ServerCallContext context) =>
        RequestMapper.ToMessage(await intake.Find(context.Caller(), request.RequestId).GetAsync(), clock.GetUtcNow());

    public override async Task<ListRequestsResponse> ListRequests(ListRequestsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var now = clock.GetUtcNow();
        if (request.DueWithinDays is < 0 or > 366)
        {
            throw Reject.InvalidArgument("due_within_days", $"is {request.DueWithinDays}; it must be 0 (no filter) to 366");
        }
        if (request.PageSize is < 0 or > Limits.RequestsPerPage)
        {
            throw Reject.InvalidArgument("page_size", $"is {request.PageSize}; it must be 0 (default {Limits.RequestsPerPageDefault}) to {Limits.RequestsPerPage}");
        }
        Guid? after = null;
        if (request.PageToken.Length > 0)
        {
            after = Guid.TryParseExact(request.PageToken, "D", out var token) ? token : throw Reject.InvalidArgument("page_token", "is not a token this service returned");
        }
        var pageSize = request.PageSize == 0 ? Limits.RequestsPerPageDefault : request.PageSize;
        var query = new Abstractions.Requests.RequestQuery(
            request.Status == V1.RequestStatus.Unspecified ? null : RequestMapper.ToDomain(request.Status) ?? throw Reject.InvalidArgument("status", $"{(int)request.Status} is not a status"),
            request.Type == V1.RequestType.Unspecified ? null : RequestMapper.ToDomain(request.Type) ?? throw Reject.InvalidArgument("type", $"{(int)request.Type} is not a type"),
            request.DueWithinDays > 0 ? now.AddDays(request.DueWithinDays) : null,
            request.OverdueOnly ? now : null,
            after,
            pageSize + 1);
        var found = await directory.ListAsync(caller.TenantId, query, context.CancellationToken);
        var response = new ListRequestsResponse { Requests = { found.Take(pageSize).Select(r => RequestMapper.ToMessage(r, now)) } };
        if (found.Count > pageSize)
        {
            response.NextPageToken = found[pageSize - 1].RequestId.ToString("D");
        }
        return response;
    }

    public override async Task<DataSubjectRequest> CancelRequest(CancelRequestRequest request, ServerCallContext context)
    {
        RequestRules.Reason("reason", request.Reason);
        var caller = context.Caller();
        return RequestMapper.ToMessage(await intake.Find(caller, request.RequestId).CancelAsync(caller.KeyId, request.Reason), clock.GetUtcNow());
    }

    public override async Task<DataSubjectRequest> ExtendRequest(ExtendRequestRequest request, ServerCallContext context)
    {
        RequestRules.Reason("reason", request.Reason);
        if (request.Months is < 1 or > RequestDeadlines.MaxExtensionMonths)
        {
            throw Reject.InvalidArgument("months", $"is {request.Months}; a deadline is extended by 1 to {RequestDeadlines.MaxExtensionMonths} months in all");
        }
        var caller = context.Caller();
        return RequestMapper.ToMessage(await intake.Find(caller, request.RequestId).ExtendAsync(caller.KeyId, request.Months, request.Reason), clock.GetUtcNow());
    }

    public override async Task<DataSubjectRequest> VerifyIdentity(VerifyIdentityRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        return RequestMapper.ToMessage(await intake.Find(caller, request.RequestId).VerifyIdentityAsync(caller.KeyId), clock.GetUtcNow());
    }

    public override async Task<DataSubjectRequest> ApproveRequest(ApproveRequestRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        return RequestMapper.ToMessage(await intake.Find(caller, request.RequestId).ApproveAsync(caller.KeyId), clock.GetUtcNow());
    }

    public override async Task<DataSubjectRequest> DenyRequest(DenyRequestRequest request, ServerCallContext context)
    {
        RequestRules.Reason("reason", request.Reason);
        var caller = context.Caller();
        return RequestMapper.ToMessage(await intake.Find(caller, request.RequestId).DenyAsync(caller.KeyId, request.Reason), clock.GetUtcNow());
    }

    public override async Task<ExportDocument> GetRequestExport(GetRequestExportRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var json = await intake.Find(caller, request.RequestId).GetExportAsync(caller.KeyId);
        return new ExportDocument { ContentType = Abstractions.Export.UserExportDocument.ContentType, Json = json, GeneratedAt = UserMapper.Time(clock.GetUtcNow()) };
    }

    public override async Task<ErasureReceipt> GetErasureReceipt(GetErasureReceiptRequest request, ServerCallContext context)
    {
        var state = await intake.Find(context.Caller(), request.RequestId).GetAsync();
        var receipt = state.Receipt ?? throw Reject.Status(Google.Rpc.Code.FailedPrecondition,
            $"request {state.RequestId:D} has no receipt: receipts are issued for completed erasures (it is a {OpenDsrNames.Of(state.Type)} request, {OpenDsrNames.Of(state.Status)})");
        return new ErasureReceipt
        {
            RequestId = state.RequestId.ToString("D"),
            ReceiptJson = receipt.Json,
            Signature = receipt.Signature,
            SigningKeyId = receipt.KeyId,
            PublicKeyPem = signingKey.PublicKeyPem,
        };
    }
}
