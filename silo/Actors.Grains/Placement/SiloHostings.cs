using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Actors.Grains.Placement;

/// <summary>Whose grains each silo of the cluster hosts, from its silo metadata; this silo's own from its settings, known before the cache has it.</summary>
public sealed class SiloHostings(ISiloMetadataCache metadata, ILocalSiloDetails local, IOptions<SiloMetadata> localMetadata)
{
    /// <summary>"shared" or "tenant:ID"; null while the silo's metadata is not known yet.</summary>
    public string? Of(SiloAddress silo) =>
        SiloHosting.Of(silo.Equals(local.SiloAddress) ? localMetadata.Value : metadata.GetSiloMetadata(silo));
}
