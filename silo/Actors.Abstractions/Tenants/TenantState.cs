using System.Collections.Immutable;

namespace Actors.Abstractions.Tenants;

/// <summary>A tenant's configuration, as stored and as returned by the tenant grain.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantState
{
    /// <summary>Null until the tenant is created.</summary>
    [Id(0)] public DateTimeOffset? CreatedAt { get; init; }

    [Id(1)] public string DisplayName { get; init; } = "";

    /// <summary>Purposes of processing by name.</summary>
    [Id(2)] public ImmutableDictionary<string, PurposeDeclaration> Purposes { get; init; } = ImmutableDictionary<string, PurposeDeclaration>.Empty;

    /// <summary>The attributes the tenant may keep, by name.</summary>
    [Id(3)] public ImmutableDictionary<string, AttributeDeclaration> Attributes { get; init; } = ImmutableDictionary<string, AttributeDeclaration>.Empty;

    /// <summary>API keys by key id, revoked ones included.</summary>
    [Id(4)] public ImmutableDictionary<string, ApiKeyRecord> ApiKeys { get; init; } = ImmutableDictionary<string, ApiKeyRecord>.Empty;

    /// <summary>How long the tenant's user data may be kept.</summary>
    [Id(5)] public RetentionPolicy Retention { get; init; } = RetentionPolicy.None;

    /// <summary>How the tenant handles data subject requests.</summary>
    [Id(6)] public RequestPolicy Requests { get; init; } = RequestPolicy.Default;

    /// <summary>
    /// The region whose cell holds all of the tenant's data; set at creation, never changed.
    /// Empty in a tenant created before regions existed: it lives in the cell that holds it.
    /// </summary>
    [Id(7)] public string Region { get; init; } = "";

    public bool Exists => CreatedAt is not null;
}
