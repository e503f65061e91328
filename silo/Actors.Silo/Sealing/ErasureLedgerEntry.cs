using Actors.Grains.Keys;

namespace Actors.Silo.Sealing;

/// <summary>One destroyed data key, as the erasure ledger keeps it. No personal data: the user is named by its reference.</summary>
public sealed record ErasureLedgerEntry(Guid KeyId, string TenantId, string UserReference, ErasureKind Kind, DateTimeOffset ErasedAt);
