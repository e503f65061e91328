namespace Actors.Abstractions.Requests;

/// <summary>The names the OpenDSR specification (formerly OpenGDPR) gives request types and statuses.</summary>
public static class OpenDsrNames
{
    public const string ApiVersion = "2.0";

    /// <summary>The one identity type the platform resolves: the tenant's own user id, sent raw.</summary>
    public const string CustomerIdIdentity = "controller_customer_id";

    public const string RawFormat = "raw";

    public static string Of(RequestType type) => type switch
    {
        RequestType.Access => "access",
        RequestType.Portability => "portability",
        RequestType.Erasure => "erasure",
        RequestType.Rectification => "rectification",
        RequestType.Restriction => "restriction",
        RequestType.Objection => "objection",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Of(RequestStatus status) => status switch
    {
        RequestStatus.Pending => "pending",
        RequestStatus.InProgress => "in_progress",
        RequestStatus.Completed => "completed",
        RequestStatus.Cancelled => "cancelled",
        RequestStatus.Denied => "denied",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static readonly IReadOnlyList<RequestType> Types = Enum.GetValues<RequestType>();

    public static RequestType? TypeNamed(string name) => Types.Cast<RequestType?>().FirstOrDefault(t => Of(t!.Value) == name);
}
