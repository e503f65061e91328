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
public sealed class ProfilesService(UserGrains users, TenantDirectory tenants) : Profiles.ProfilesBase
{
    public override async Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context) =>
        UserMapper.ToProfile(request.UserId, await users.For(context, request.UserId).GetAsync());

    public override async Task<Profile> UpsertAttributes(UpsertAttributesRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        var writes = AttributeRules.Resolve(tenant, request.Attributes);
        return UserMapper.ToProfile(request.UserId, await user.UpsertAttributesAsync(writes));
    }

    public override async Task<Profile> RectifyAttribute(RectifyAttributeRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var tenant = await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken);
        var write = AttributeRules.Resolve(tenant, request.Name, request.Value, "name", "value");
        RequestRules.Reason("reason", request.Reason);
        return UserMapper.ToProfile(request.UserId, await user.RectifyAttributeAsync(write, request.Reason));
    }

    public override async Task<Profile> DeleteAttribute(DeleteAttributeRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        RequestRules.Name("name", request.Name);
        return UserMapper.ToProfile(request.UserId, await user.DeleteAttributeAsync(request.Name));
    }
}
