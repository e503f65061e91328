namespace Actors.Abstractions.Audit;

/// <summary>How far a verification of a tenant's audit chain has come.</summary>
/// <param name="Checked">Entries recomputed so far.</param>
/// <param name="Total">Entries between the checkpoint and the head when the check began (its snapshot).</param>
public sealed record AuditProgress(long Checked, long Total)
{
    /// <summary>From 0 to 1; a chain with nothing to check is done.</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Min(1, (double)Checked / Total);
}
