namespace Actors.Abstractions.Incidents;

/// <summary>Where an incident stands; the contract's IncidentStatus, value for value.</summary>
public enum IncidentStatus
{
    Detected = 1,
    Confirmed = 2,
    TenantsNotified = 3,
    Contained = 4,
    Closed = 5,
}
