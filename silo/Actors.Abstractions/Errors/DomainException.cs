namespace Actors.Abstractions.Errors;

/// <summary>
/// A refusal by a grain, for a reason the caller can act on. Serializable, so that it
/// crosses from a silo to a gateway that runs as a separate Orleans client.
/// </summary>
[GenerateSerializer]
public sealed class DomainException : Exception
{
    public DomainException(DomainError error, string message, string? field = null) : base(message)
    {
        Error = error;
        Field = field;
    }

    [Id(0)] public DomainError Error { get; private set; }

    /// <summary>The request field at fault, for InvalidArgument and LimitReached.</summary>
    [Id(1)] public string? Field { get; private set; }
}
