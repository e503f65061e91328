using Actors.Abstractions.Telemetry;
using Actors.Grains.Users;
using Orleans.Metadata;

namespace Actors.Silo.Telemetry;

/// <summary>
/// Counts the user grains active on this silo (<c>actors.users.active</c>) from each activation's
/// lifecycle, so the grain itself carries no metrics code and no count can miss a path that
/// activates or deactivates it.
/// </summary>
public sealed class ActiveUserGrains(GrainClassMap grainClasses, PlatformMetrics metrics) : IConfigureGrainContextProvider, IConfigureGrainContext
{
    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, out IConfigureGrainContext configurator)
    {
        configurator = this;
        return grainClasses.TryGetGrainClass(grainType, out var grainClass) && grainClass == typeof(UserGrain);
    }

    public void Configure(IGrainContext context) =>
        context.ObservableLifecycle.Subscribe(nameof(ActiveUserGrains), GrainLifecycleStage.Activate,
            _ =>
            {
                metrics.UserActivated();
                return Task.CompletedTask;
            },
            _ =>
            {
                metrics.UserDeactivated();
                return Task.CompletedTask;
            });
}
