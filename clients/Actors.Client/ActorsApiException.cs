using Grpc.Core;

namespace Actors.Client;

/// <summary>
/// A call the platform refused or could not complete: the gRPC status, the platform's message,
/// and for bad input the fields at fault.
/// </summary>
public sealed class ActorsApiException(StatusCode status, string detail, IReadOnlyList<FieldViolation> fieldViolations, RpcException inner)
    : Exception($"{status}: {detail}", inner)
{
    public StatusCode Status { get; } = status;

    /// <summary>The platform's message, e.g. "user_id: is 300 UTF-8 bytes long; the limit is 256".</summary>
    public string Detail { get; } = detail;

    public IReadOnlyList<FieldViolation> FieldViolations { get; } = fieldViolations;
}

/// <summary>One field of a request that broke a rule.</summary>
public sealed record FieldViolation(string Field, string Description);
