namespace Actors.Silo.Callbacks;

public enum DeliveryResult
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>No 2xx (an error status, a timeout, no connection): tried again later.</summary>
    Failed,

    /// <summary>The platform will not send it (URL or address not accepted): given up.</summary>
    Refused,

    /// <summary>The silo is stopping: the row is handed back for the next dispatcher.</summary>
    Abandoned,
}

/// <summary>What came of one attempt. <see cref="Error"/> is a status code or an exception type, never the body.</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, string? Error = null);
