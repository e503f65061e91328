namespace Actors.Silo.Cells;

/// <summary>How a gateway of several regions reaches one region's cell (Actors:Cells:REGION).</summary>
public sealed class CellConnection
{
    /// <summary>The cell's data database, where its silos' membership lives.</summary>
    public string Postgres { get; set; } = "";

    /// <summary>The cell's Orleans cluster id, as its silos have it.</summary>
    public string ClusterId { get; set; } = "actors";
}
