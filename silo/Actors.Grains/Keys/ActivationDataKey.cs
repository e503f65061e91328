using Orleans.Runtime;

namespace Actors.Grains.Keys;

/// <summary>
/// A user's data key, unwrapped once per activation and kept in that activation's memory only:
/// the grain (raw events, exports) and the grain storage (sealed state) share it, and it dies
/// with the activation. An erasure empties it before it destroys the key.
/// </summary>
public sealed class ActivationDataKey
{
    public UserDataKey? Key { get; set; }

    /// <summary>The holder of <paramref name="activation"/>, made on first use.</summary>
    public static ActivationDataKey Of(IGrainContext activation)
    {
        if (activation.GetComponent<ActivationDataKey>() is { } held)
        {
            return held;
        }
        var holder = new ActivationDataKey();
        activation.SetComponent(holder);
        return holder;
    }
}
