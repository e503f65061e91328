using Actors.Abstractions.Requests;

namespace Actors.Grains.Requests;

/// <summary>What carrying out a request produced.</summary>
/// <param name="ResultsCount">Records exported, erased or changed.</param>
/// <param name="ExportExpiresAt">For access and portability: until when the stored export is kept; null if none was stored.</param>
/// <param name="Receipt">For an erasure: the signed receipt.</param>
public sealed record FulfilmentResult(long ResultsCount, DateTimeOffset? ExportExpiresAt = null, SignedReceipt? Receipt = null);
