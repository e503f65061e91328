namespace Actors.Abstractions.Incidents;

/// <summary>A store an incident exposed; the contract's ExposedStore, value for value.</summary>
public enum ExposedStore
{
    GrainState = 1,
    RawEvents = 2,
    Exports = 3,
    Backups = 4,
    Logs = 5,
}
