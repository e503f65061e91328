using System.Collections.Immutable;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;

namespace Actors.Grains.Requests;

/// <summary>
/// Carries out each type of request on the user's grain, through the same operations the API
/// offers, so a request does exactly what a direct call would. A refusal by the user grain
/// (<see cref="DomainException"/>) means the request cannot be carried out as asked.
/// </summary>
public sealed class RequestFulfilment(
    IGrainFactory grains,
    IRequestExports exports,
    IRequestStore requests,
    IErasureVerification verification,
    PlatformSigningKey signingKey,
    TimeProvider clock)
{
    public Task<FulfilmentResult> RunAsync(DataSubjectRequestState request, TenantState tenant)
    {
        var user = grains.GetGrain<IUserGrain>(UserGrainKey.For(request.TenantId, request.UserReference));
        return request.Type switch
        {
            RequestType.Access or RequestType.Portability => ExportAsync(request, tenant, user),
            RequestType.Erasure => EraseAsync(request, user),
            RequestType.Rectification => RectifyAsync(request, tenant, user),
            RequestType.Restriction => RestrictAsync(request, user),
            RequestType.Objection => ObjectAsync(request, user),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    private async Task<FulfilmentResult> ExportAsync(DataSubjectRequestState request, TenantState tenant, IUserGrain user)
    {
        var expiresAt = clock.GetUtcNow().AddDays(tenant.Requests.ExportRetentionDays);
        var held = await user.StoreRequestExportAsync(request.RequestId, request.UserId!, expiresAt);
        // Nothing held about the subject (never known, or erased): completed with nothing to export.
        return held is { } count ? new FulfilmentResult(count, expiresAt) : new FulfilmentResult(0);
    }

    private async Task<FulfilmentResult> EraseAsync(DataSubjectRequestState request, IUserGrain user)
    {
        var exportsPurged = await exports.PurgeUserAsync(request.TenantId, request.UserReference);
        var certificate = await user.ForgetAsync(AuditNames.Request(request.RequestId), device: null);
        foreach (var other in await requests.OtherThanErasuresOfAsync(request.TenantId, request.UserReference))
        {
            await grains.GetGrain<IDataSubjectRequestGrain>(RequestGrainKey.For(request.TenantId, other)).SubjectErasedAsync(request.RequestId);
        }
        var findings = await verification.InspectAsync(request.TenantId, request.UserReference, user.GetGrainId().ToString());
        if (!findings.NothingFound)
        {
            throw new ErasureNotVerifiedException(findings);
        }
        var erasure = certificate.Erasure;
        var receipt = ErasureReceipts.Issue(request, erasure, exportsPurged, findings, clock.GetUtcNow(), signingKey);
        return new FulfilmentResult(erasure.AttributesErased + erasure.ConsentRecordsErased + erasure.RawEventsPurged + exportsPurged, Receipt: receipt);
    }

    private static async Task<FulfilmentResult> RectifyAsync(DataSubjectRequestState request, TenantState tenant, IUserGrain user)
    {
        // Every correction is checked before any is written, so a refused request changes nothing.
        var held = (await user.GetAsync()).Attributes;
        var writes = new List<AttributeWrite>();
        foreach (var (name, value) in request.Rectifications.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var declared = tenant.Attributes.GetValueOrDefault(name)
                ?? throw new DomainException(DomainError.InvalidArgument, $"the tenant has not declared attribute '{name}'", "rectifications");
            if (!held.Contains(name))
            {
                throw new DomainException(DomainError.NotFound, $"the user holds no attribute '{name}' to rectify", "rectifications");
            }
            writes.Add(new AttributeWrite(name, value, declared.Purpose));
        }
        foreach (var write in writes)
        {
            await user.RectifyAttributeAsync(AuditNames.Request(request.RequestId), write, Source(request));
        }
        return new FulfilmentResult(request.Rectifications.Count);
    }

    private static async Task<FulfilmentResult> RestrictAsync(DataSubjectRequestState request, IUserGrain user)
    {
        await user.SuppressAsync(AuditNames.Request(request.RequestId), Source(request), SuppressionSources.Request, device: null);
        return new FulfilmentResult(1);
    }

    private static async Task<FulfilmentResult> ObjectAsync(DataSubjectRequestState request, IUserGrain user)
    {
        var state = await user.GetAsync();
        var purposes = request.ObjectionPurposes.IsEmpty
            ? state.Consents.Values.Where(c => c.Granted).Select(c => c.Purpose).Order(StringComparer.Ordinal).ToImmutableArray()
            : request.ObjectionPurposes;
        foreach (var purpose in purposes)
        {
            await user.RecordConsentAsync(AuditNames.Request(request.RequestId), new ConsentDecision(purpose, Granted: false, LawfulBasis.Unspecified, Source(request), PolicyVersion: "", OccurredAt: null));
        }
        return new FulfilmentResult(purposes.Length);
    }

    private static string Source(DataSubjectRequestState request) => $"data subject request {request.RequestId:D}";
}
