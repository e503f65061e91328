using Actors.Abstractions.Users;
using Actors.Api.Authentication;
using Actors.Api.Validation;
using Grpc.Core;

namespace Actors.Api.Users;

/// <summary>Finds the grain of a user of the calling tenant; no other tenant's user can be reached.</summary>
public sealed class UserGrains
{
    private readonly IGrainFactory _grains;
    private readonly UserReferences _references;
    private readonly GrainType _grainType;
    private readonly GrainInterfaceType _interfaceType;

    public UserGrains(IGrainFactory grains, UserReferences references)
    {
        (_grains, _references) = (grains, references);
        // GetGrain<IUserGrain>(key) finds the grain's type names from the interface's attributes
        // at every call, formatting a type name each time: 6 % of the platform's CPU on reads.
        // They are the same for every user, so they are found once, from a first reference.
        var first = (GrainReference)(object)grains.GetGrain<IUserGrain>(UserGrainKey.For("tenant", "user"));
        (_grainType, _interfaceType) = (first.GrainId.Type, first.InterfaceType);
    }

    public IUserGrain For(ServerCallContext context, string userId)
    {
        RequestRules.UserId(userId);
        var tenantId = context.Caller().TenantId;
        var key = UserGrainKey.For(tenantId, _references.For(tenantId, userId));
        return (IUserGrain)_grains.GetGrain(GrainId.Create(_grainType, key), _interfaceType);
    }
}
