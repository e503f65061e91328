using System.Collections.Immutable;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Actors.Grains.Placement;

/// <summary>
/// Whose grains a silo hosts, as its Orleans silo metadata says: every tenant that has no silos
/// of its own ("shared"), or one tenant only ("tenant:ID", a dedicated silo).
/// </summary>
public static class SiloHosting
{
    /// <summary>The silo metadata key every silo of the platform sets.</summary>
    public const string MetadataKey = "actors.hosts";

    public const string Shared = "shared";

    private const string TenantPrefix = "tenant:";

    /// <summary>The metadata value of a silo dedicated to <paramref name="tenantId"/>, or of a shared silo for "".</summary>
    public static string For(string tenantId) => tenantId.Length == 0 ? Shared : TenantPrefix + tenantId;

    /// <summary>The value a silo's metadata holds; null while its metadata is not known yet (such a silo is never chosen).</summary>
    public static string? Of(SiloMetadata metadata) => metadata.Metadata.GetValueOrDefault(MetadataKey);

    /// <summary>The tenant a metadata value dedicates its silo to, or null for a shared or unknown silo.</summary>
    public static string? DedicatedTenant(string? hosts) =>
        hosts is not null && hosts.StartsWith(TenantPrefix, StringComparison.Ordinal) ? hosts[TenantPrefix.Length..] : null;

    public static ImmutableDictionary<string, string> Metadata(string dedicatedTenant) =>
        ImmutableDictionary<string, string>.Empty.Add(MetadataKey, For(dedicatedTenant));
}
