namespace Actors.Abstractions.Audit;

/// <summary>How entries name their actors and subjects, the same wherever an entry is written.</summary>
public static class AuditNames
{
    /// <summary>The actor of tenant administration: the operator key.</summary>
    public const string Operator = "operator";

    /// <summary>The actor of the platform's own timers: retention, deadlines, request processing.</summary>
    public const string Platform = "platform";

    /// <summary>
    /// A data subject request: the subject of its transitions, and the actor of the changes its
    /// fulfilment makes to the user.
    /// </summary>
    public static string Request(Guid requestId) => $"request {requestId:D}";

    /// <summary>An incident, as the subject of its steps' entries.</summary>
    public static string Incident(Guid incidentId) => $"incident {incidentId:D}";

    /// <summary>Names as a subject: "a,b,c", in the order given.</summary>
    public static string List(IEnumerable<string> names) => string.Join(',', names);
}
