namespace Actors.Sdk;

/// <summary>How an app's device reports its user's events.</summary>
public sealed class ActorsDeviceOptions
{
    /// <summary>The gateway's gRPC address (https).</summary>
    public required Uri Address { get; init; }

    /// <summary>A CA certificate to check the platform's certificate against instead of the system trust store.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>The tenant's device key, shipped with the app: it can send and erase, never read.</summary>
    public required string DeviceKey { get; init; }

    /// <summary>The signed-in user the events are about (or an anonymous device id, "anon:...", where the key allows it).</summary>
    public required string UserId { get; init; }

    /// <summary>
    /// Returns the user's device token, from the app's own backend (which has the platform issue
    /// it with Privacy.IssueDeviceToken). Asked for when the SDK has none, shortly before the one it
    /// holds expires, and again when the platform refuses it. Required for a named user: without
    /// it a device key can neither send that user's events nor suppress or forget the user.
    /// </summary>
    public Func<CancellationToken, Task<string>>? UserTokenProvider { get; init; }

    /// <summary>A batch is sent as soon as this many events wait (the platform takes up to 500).</summary>
    public int MaxBatchSize { get; init; } = 100;

    /// <summary>Waiting events are sent at least this often.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most events kept while the platform cannot be reached.</summary>
    public int MaxQueuedEvents { get; init; } = 10_000;

    /// <summary>Which event gives way when the queue is full.</summary>
    public QueueFullPolicy WhenFull { get; init; } = QueueFullPolicy.DropOldest;

    /// <summary>The first wait before a retry; each later one may be twice as long.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>What happens to an event tracked while the queue is full.</summary>
public enum QueueFullPolicy
{
    /// <summary>The oldest waiting event is dropped: recent behaviour matters more.</summary>
    DropOldest,

    /// <summary>The new event is dropped: what was recorded first is kept.</summary>
    DropNewest,
}
