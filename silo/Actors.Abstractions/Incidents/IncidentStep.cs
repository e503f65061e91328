namespace Actors.Abstractions.Incidents;

/// <summary>One line of an incident's timeline.</summary>
/// <param name="Step">One of <see cref="IncidentStepKind"/>.</param>
/// <param name="Actor">"operator", or the tenant key id that acknowledged.</param>
public sealed record IncidentStep(DateTimeOffset At, string Step, string Actor, string Note);
