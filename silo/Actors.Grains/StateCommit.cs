using Orleans.Runtime;

namespace Actors.Grains;

/// <summary>The one way grains change their state: store first, then make it current.</summary>
internal static class StateCommit
{
    /// <summary>
    /// Stores <paramref name="next"/> and returns it. If the write fails, the previous state is
    /// restored and the activation is dropped, so that the next call reloads what storage holds
    /// (a failed write may still have committed).
    /// </summary>
    public static async Task<T> CommitAsync<T>(this IPersistentState<T> state, T next, IGrainBase grain)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
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
