namespace Actors.Bench.Activations;

public interface IBareGrain : IGrainWithStringKey
{
    Task<int> TouchAsync();
}

/// <summary>Holds nothing: what remains in memory per activation is Orleans' own.</summary>
public sealed class BareGrain : Grain, IBareGrain
{
    public Task<int> TouchAsync() => Task.FromResult(0);
}
