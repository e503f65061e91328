using Actors.Abstractions.Audit;
using Orleans.Runtime;

namespace Actors.Grains;

/// <summary>The one way grains change their state: store first, then make it current.</summary>
internal static class StateCommit
{
    /// <summary>
    /// Stores <paramref name="next"/>, with <paramref name="audit"/> in the same transaction, and
    /// returns it. If the write fails, the previous state is restored and the activation is
    /// dropped, so that the next call reloads what storage holds (a failed write may still have committed).
    /// </summary>
    public static async Task<T> CommitAsync<T>(this IPersistentState<T> state, T next, IGrainBase grain, AuditEntry? audit = null)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await (audit is null ? state.WriteStateAsync() : StateWriteAudit.WriteAsync(audit, state.WriteStateAsync));
        }
        catch
        {
            state.State = previous;
            grain.DeactivateOnIdle();
            throw;
        }
        return next;
    }
}
