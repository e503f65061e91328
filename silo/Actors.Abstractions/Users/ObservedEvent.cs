namespace Actors.Abstractions.Users;

/// <summary>A validated event as the user grain counts it: only its name and when it happened.</summary>
[GenerateSerializer, Immutable]
public sealed record ObservedEvent(string Name, DateTimeOffset OccurredAt);
