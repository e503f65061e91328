namespace Actors.Abstractions.Incidents;

/// <summary>An incoming security report. It names no person: <paramref name="Reference"/> points to where the reporter's contact is kept.</summary>
public sealed record SecurityReportRecord(Guid ReportId, DateTimeOffset ReceivedAt, DateTimeOffset RecordedAt, string Source, string Summary, string Reference, Guid? IncidentId);
