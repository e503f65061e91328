using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Api.Audit;
using Actors.Api.Authentication;
using Actors.Abstractions.Export;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>
/// The Privacy service of the contract. Suppress and Forget are open to device keys, so that a
/// mobile app can act on its user's choice; the other calls need a server key.
/// </summary>
public sealed class PrivacyService(UserGrains users, TenantDirectory tenants, AuditRecorder audit, TimeProvider clock) : Privacy.PrivacyBase
{
    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<PrivacyStatus> Suppress(SuppressRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        RequestRules.Reason("reason", request.Reason);
        if (context.Caller().Kind == Abstractions.Tenants.ApiKeyKind.Device)
        {
            // A device key is public: it may restrict, but learns nothing of what is stored.
            try
            {
                await user.SuppressAsync(context.Caller().KeyId, request.Reason);
            }
            catch (DomainException e) when (e.Error == DomainError.Erased)
            {
                // Nothing is kept for an erased user anyway.
            }
            return new PrivacyStatus { UserId = request.UserId, State = new PrivacyState { Suppressed = true } };
        }
        var state = await user.SuppressAsync(context.Caller().KeyId, request.Reason);
        return UserMapper.ToPrivacyStatus(request.UserId, state);
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<PrivacyStatus> Unsuppress(UnsuppressRequest request, ServerCallContext context)
    {
        var state = await users.For(context, request.UserId).UnsuppressAsync(context.Caller().KeyId);
        return UserMapper.ToPrivacyStatus(request.UserId, state);
    }

    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<ErasureCertificate> Forget(ForgetRequest request, ServerCallContext context)
    {
        var certificate = await users.For(context, request.UserId).ForgetAsync(context.Caller().KeyId);
        // A device key learns only that the user is erased, not what or how much was held.
        return context.Caller().Kind == Abstractions.Tenants.ApiKeyKind.Device
            ? new ErasureCertificate { UserId = request.UserId, ErasedAt = UserMapper.Time(certificate.Erasure.ErasedAt) }
            : UserMapper.ToCertificate(request.UserId, certificate);
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<ExportDocument> Export(ExportRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var caller = context.Caller();
        var export = await user.ExportAsync();
        var tenant = await tenants.GetAsync(caller.TenantId, context.CancellationToken);
        var generatedAt = clock.GetUtcNow();
        await audit.UserAsync(context, AuditOperations.UserExported, user);
        return new ExportDocument
        {
            UserId = request.UserId,
            ContentType = UserExportDocument.ContentType,
            Json = UserExportDocument.Write(caller.TenantId, request.UserId, tenant, export, generatedAt),
            GeneratedAt = UserMapper.Time(generatedAt),
        };
    }
}
