using System.Collections.Immutable;

namespace Actors.Api.Cells;

/// <summary>The regions the platform serves through this gateway: its own cell's only, or every cell of a gateway of several.</summary>
public sealed record PlatformRegions(ImmutableArray<string> Names)
{
    public bool Several => Names.Length > 1;

    public bool Contains(string region) => Names.Contains(region, StringComparer.Ordinal);

    public override string ToString() => string.Join(", ", Names);
}
