namespace Actors.Api.DeviceTokens;

/// <summary>What a device token lets an app do for its one user.</summary>
[Flags]
public enum DeviceActions
{
    None = 0,
    Events = 1,
    /// <summary>Suppress and unsuppress.</summary>
    Suppress = 2,
    Forget = 4,
    All = Events | Suppress | Forget,
}
