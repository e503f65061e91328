namespace Actors.Abstractions.Cells;

/// <summary>
/// The region of the cell a process belongs to: its own Orleans cluster, databases and silos.
/// A tenant lives in one region, and all of its data in that cell's databases only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CellRegion([property: Id(0)] string Name)
{
    /// <summary>The region of a platform that names none: one cell.</summary>
    public const string Single = "local";

    /// <summary>A region name: [a-z][a-z0-9-]{0,31}, for example "eu" or "us-east".</summary>
    public static bool IsValidName(string name) => Identifiers.IsValid(name, 32, '-');
}
