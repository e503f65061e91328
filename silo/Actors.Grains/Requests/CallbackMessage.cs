namespace Actors.Grains.Requests;

/// <summary>A status callback to queue: the receiver and the exact bytes to sign and POST.</summary>
public sealed record CallbackMessage(string Url, byte[] Body);
