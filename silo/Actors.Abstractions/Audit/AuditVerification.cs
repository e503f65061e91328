namespace Actors.Abstractions.Audit;

/// <summary>The outcome of recomputing a tenant's audit chain.</summary>
/// <param name="EntriesChecked">Rows read and found sound before the first break (all of them if none).</param>
/// <param name="CheckpointSeq">The seq of the signed checkpoint the check started from; 0 if the chain was never cut.</param>
/// <param name="FirstBrokenSeq">Where the chain breaks: an edited, missing or misplaced entry; null if sound.</param>
/// <param name="Reason">Why it breaks, in words; empty if sound.</param>
public sealed record AuditVerification(long EntriesChecked, long CheckpointSeq, long? FirstBrokenSeq, string Reason)
{
    public bool Ok => FirstBrokenSeq is null;
}
