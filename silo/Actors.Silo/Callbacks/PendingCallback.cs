namespace Actors.Silo.Callbacks;

/// <summary>An outbox row a dispatcher has claimed and is about to send.</summary>
/// <param name="Attempts">Attempts made before this one.</param>
public sealed record PendingCallback(long DeliveryId, string TenantId, Guid RequestId, string Url, byte[] Body, int Attempts);
