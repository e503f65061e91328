namespace Actors.Abstractions.Incidents;

/// <summary>The steps of an incident's lifecycle, as its timeline and the audit trail name them.</summary>
public static class IncidentStepKind
{
    public const string Open = "open";
    public const string Confirm = "confirm";
    public const string Notify = "notify";
    public const string Contain = "contain";
    public const string Close = "close";
    public const string Acknowledge = "acknowledge";
}
