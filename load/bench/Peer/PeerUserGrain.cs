using Orleans.Runtime;

namespace Actors.Bench.Peer;

/// <summary>One end user, as the straightforward build keeps it: the whole state in one row of Orleans' ADO.NET storage, written on every change.</summary>
public interface IPeerUserGrain : IGrainWithStringKey
{
    Task<PeerUserState> GetAsync();

    Task<PeerUserState> UpsertAttributesAsync(Dictionary<string, string> attributes);

    Task<PeerUserState> DecideConsentAsync(PeerConsentDecision decision);
}

[GenerateSerializer]
public sealed class PeerUserState
{
    [Id(0)] public Dictionary<string, PeerAttribute> Attributes { get; set; } = [];
    [Id(1)] public Dictionary<string, PeerConsentDecision> Consents { get; set; } = [];
    [Id(2)] public List<PeerConsentDecision> History { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public long Version { get; set; }
}

[GenerateSerializer]
public sealed record PeerAttribute([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset UpdatedAt);

[GenerateSerializer]
public sealed record PeerConsentDecision(
    [property: Id(0)] string Purpose, [property: Id(1)] bool Granted, [property: Id(2)] int LawfulBasis,
    [property: Id(3)] string Source, [property: Id(4)] string PolicyVersion, [property: Id(5)] DateTimeOffset OccurredAt);

public sealed class PeerUserGrain([PersistentState("user", PeerStorage.Name)] IPersistentState<PeerUserState> user) : Grain, IPeerUserGrain
{
    /// <summary>The consent history kept with the user, newest last: enough for the answer's history, bounded as the platform's answer is.</summary>
    private const int HistoryKept = 20;

    public Task<PeerUserState> GetAsync() => Task.FromResult(user.State);

    public async Task<PeerUserState> UpsertAttributesAsync(Dictionary<string, string> attributes)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (name, value) in attributes)
        {
            user.State.Attributes[name] = new PeerAttribute(value, now);
        }
        return await ChangedAsync(now);
    }

    public async Task<PeerUserState> DecideConsentAsync(PeerConsentDecision decision)
    {
        user.State.Consents[decision.Purpose] = decision;
        user.State.History.Add(decision);
        if (user.State.History.Count > HistoryKept)
        {
            user.State.History.RemoveAt(0);
        }
        return await ChangedAsync(DateTimeOffset.UtcNow);
    }

    private async Task<PeerUserState> ChangedAsync(DateTimeOffset now)
    {
        if (user.State.Version == 0)
        {
            user.State.CreatedAt = now;
        }
        user.State.UpdatedAt = now;
        user.State.Version++;
        // Acknowledged only once PostgreSQL has the row, as the platform acknowledges a write.
        await user.WriteStateAsync();
        return user.State;
    }
}
