namespace Actors.Abstractions.Requests;

/// <summary>The data subject's right a request exercises (GDPR Art. 15 to 21).</summary>
public enum RequestType
{
    Access = 1,
    Portability = 2,
    Erasure = 3,
    Rectification = 4,
    Restriction = 5,
    Objection = 6,
}
