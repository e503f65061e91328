namespace Actors.Bench.Peer;

/// <summary>A user as the straightforward build keeps one: attributes and consents in one grain state, written at every change.</summary>
public interface IPeerUserGrain : IGrainWithStringKey
{
    Task<PeerUserState> GetAsync();

    Task<PeerUserState> UpsertAsync(Dictionary<string, string> attributes);

    Task<PeerUserState> DecideConsentAsync(string purpose, bool granted, int lawfulBasis, string source, string policyVersion, DateTimeOffset occurredAt);
}

[GenerateSerializer]
public sealed class PeerUserState
{
    [Id(0)] public Dictionary<string, PeerAttribute> Attributes { get; set; } = [];

    [Id(1)] public Dictionary<string, PeerConsent> Consents { get; set; } = [];

    [Id(2)] public long Version { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
}

[GenerateSerializer]
public sealed record PeerAttribute([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset UpdatedAt);

[GenerateSerializer]
public sealed record PeerConsent(
    [property: Id(0)] bool Granted, [property: Id(1)] int LawfulBasis, [property: Id(2)] string Source,
    [property: Id(3)] string PolicyVersion, [property: Id(4)] DateTimeOffset OccurredAt, [property: Id(5)] DateTimeOffset RecordedAt);

/// <summary>The grain: each change is stored through the Orleans ADO.NET grain storage before the call returns.</summary>
public sealed class PeerUserGrain([PersistentState("user")] IPersistentState<PeerUserState> user) : Grain, IPeerUserGrain
{
    public Task<PeerUserState> GetAsync() => Task.FromResult(user.State);

    public async Task<PeerUserState> UpsertAsync(Dictionary<string, string> attributes)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (name, value) in attributes)
        {
            user.State.Attributes[name] = new PeerAttribute(value, now);
        }
        return await StoreAsync(now);
    }

    public async Task<PeerUserState> DecideConsentAsync(string purpose, bool granted, int lawfulBasis, string source, string policyVersion, DateTimeOffset occurredAt)
    {
        var now = DateTimeOffset.UtcNow;
        user.State.Consents[purpose] = new PeerConsent(granted, lawfulBasis, source, policyVersion, occurredAt, now);
        return await StoreAsync(now);
    }

    private async Task<PeerUserState> StoreAsync(DateTimeOffset now)
    {
        if (user.State.Version == 0)
        {
            user.State.CreatedAt = now;
        }
        user.State.Version++;
        user.State.UpdatedAt = now;
        await user.WriteStateAsync();
        return user.State;
    }
}
