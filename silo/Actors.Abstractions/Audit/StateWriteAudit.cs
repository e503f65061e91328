namespace Actors.Abstractions.Audit;

/// <summary>
/// Hands the audit entry of a grain's state write to the grain storage, which commits it in the
/// same transaction as the state: no change is stored without its entry, and no entry without
/// its change. Orleans' <c>IPersistentState.WriteStateAsync</c> has no room for it, so it travels
/// in the async flow of that one write, and only of that write.
/// </summary>
public static class StateWriteAudit
{
    private static readonly AsyncLocal<AuditEntry?> s_entry = new();

    /// <summary>The entry of the state write under way in this async flow, if its grain gave one.</summary>
    public static AuditEntry? Current => s_entry.Value;

    /// <summary>Runs <paramref name="write"/> with <paramref name="entry"/> as <see cref="Current"/>.</summary>
    public static async Task WriteAsync(AuditEntry entry, Func<Task> write)
    {
        // Set inside this async method, the value reverts when it returns: it never reaches the
        // grain's later writes or calls.
        s_entry.Value = entry;
        await write();
    }
}
