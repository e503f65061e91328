namespace Actors.Grains.Keys;

/// <summary>A user's data key, unwrapped: it lives in memory only, in the user's grain activation.</summary>
public sealed record UserDataKey(Guid KeyId, byte[] Key);
