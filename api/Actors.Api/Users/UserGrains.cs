using Actors.Abstractions.Users;
using Actors.Api.Authentication;
using Actors.Api.Validation;
using Grpc.Core;

namespace Actors.Api.Users;

/// <summary>Finds the grain of a user of the calling tenant; no other tenant's user can be reached.</summary>
public sealed class UserGrains(IGrainFactory grains, UserReferences references)
{
    public IUserGrain For(ServerCallContext context, string userId)
    {
        RequestRules.UserId(userId);
        var tenantId = context.Caller().TenantId;
        return grains.GetGrain<IUserGrain>(UserGrainKey.For(tenantId, references.For(tenantId, userId)));
    }
}
