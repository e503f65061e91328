namespace Actors.Abstractions.Users;

/// <summary>The legal ground of processing, GDPR Art. 6(1).</summary>
public enum LawfulBasis
{
    Unspecified = 0,
    Consent = 1,
    Contract = 2,
    LegalObligation = 3,
    VitalInterests = 4,
    PublicTask = 5,
    LegitimateInterests = 6,
}
