using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// A rectification as recorded (GDPR Art. 16): which attribute was corrected, when, and why.
/// Never the old value: keeping the inaccurate value would defeat the correction.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Rectification(string Attribute, [property: PersonalData] string Reason, DateTimeOffset At);
