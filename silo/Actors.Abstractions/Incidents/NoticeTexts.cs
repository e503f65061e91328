namespace Actors.Abstractions.Incidents;

/// <summary>What a notice says beyond the assessment (GDPR Art. 33(3)), in the operator's words.</summary>
public sealed record NoticeTexts(string Nature, string LikelyConsequences, string MeasuresTaken, string MeasuresProposed, string Contact);
