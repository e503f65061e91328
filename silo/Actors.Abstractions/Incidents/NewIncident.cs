namespace Actors.Abstractions.Incidents;

/// <summary>An incident as the operator opens it.</summary>
public sealed record NewIncident(DateTimeOffset DetectedAt, string Description, IncidentScope Scope, Guid? SecurityReportId);
