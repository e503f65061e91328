using Actors.Api.Errors;
using Google.Protobuf.Collections;

namespace Actors.Api.DeviceTokens;

/// <summary>Between the contract's DeviceAction values and the gateway's flags.</summary>
public static class DeviceActionNames
{
    /// <summary>The actions a request asks for; every action if it names none.</summary>
    public static DeviceActions FromRequest(RepeatedField<V1.DeviceAction> requested)
    {
        var actions = DeviceActions.None;
        for (var i = 0; i < requested.Count; i++)
        {
            actions |= requested[i] switch
            {
                V1.DeviceAction.Events => DeviceActions.Events,
                V1.DeviceAction.Suppress => DeviceActions.Suppress,
                V1.DeviceAction.Forget => DeviceActions.Forget,
                var other => throw Reject.InvalidArgument($"actions[{i}]", $"is {(int)other}; it must be DEVICE_ACTION_EVENTS, DEVICE_ACTION_SUPPRESS or DEVICE_ACTION_FORGET"),
            };
        }
        return actions == DeviceActions.None ? DeviceActions.All : actions;
    }

    public static IEnumerable<V1.DeviceAction> ToMessage(DeviceActions actions)
    {
        if (actions.HasFlag(DeviceActions.Events)) yield return V1.DeviceAction.Events;
        if (actions.HasFlag(DeviceActions.Suppress)) yield return V1.DeviceAction.Suppress;
        if (actions.HasFlag(DeviceActions.Forget)) yield return V1.DeviceAction.Forget;
    }

    /// <summary>For the audit entry: "events,suppress,forget".</summary>
    public static string Describe(DeviceActions actions) => string.Join(",", ToMessage(actions).Select(a => a.ToString().ToLowerInvariant()));
}
