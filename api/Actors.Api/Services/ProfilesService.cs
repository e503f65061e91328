using Actors.Abstractions.Audit;
using Actors.Api.Audit;
using Actors.Api.Authentication;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>The Profiles service of the contract: thin over the user grain.</summary>
[Authorize(Policy = Policies.ServerKey)]
public sealed class ProfilesService(UserGrains users, TenantDirectory tenants, AuditRecorder audit) : Profiles.ProfilesBase
{
    public override async Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var state = await user.GetAsync();
        await audit.UserAsync(context, AuditOperations.ProfileRead, user);
        return UserMapper.ToProfile(request.UserId, state);
    }

    public override async Task<Profile> UpsertAttributes(UpsertAttributesRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        var writes = AttributeRules.Resolve(tenant, request.Attributes);
        var state = await user.UpsertAttributesAsync(context.Caller().KeyId, writes);
        return UserMapper.ToProfile(request.UserId, state);
    }

    public override async Task<Profile> RectifyAttribute(RectifyAttributeRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        var write = AttributeRules.Resolve(tenant, request.Name, request.Value, "name", "value");
        RequestRules.Reason("reason", request.Reason);
        var state = await user.RectifyAttributeAsync(context.Caller().KeyId, write, request.Reason);
        return UserMapper.ToProfile(request.UserId, state);
    }

    public override async Task<Profile> DeleteAttribute(DeleteAttributeRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        RequestRules.Name("name", request.Name);
        var state = await user.DeleteAttributeAsync(context.Caller().KeyId, request.Name);
        return UserMapper.ToProfile(request.UserId, state);
    }
}
