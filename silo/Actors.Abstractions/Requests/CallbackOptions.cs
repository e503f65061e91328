namespace Actors.Abstractions.Requests;

/// <summary>How request status callbacks are delivered, section <c>Actors:Callbacks</c> (docs/operations.md, "Callbacks").</summary>
public sealed class CallbackOptions
{
    public const string Section = "Actors:Callbacks";

    /// <summary>Sent in <c>X-OpenDSR-Processor-Domain</c>: the domain receivers know this processor by.</summary>
    public string ProcessorDomain { get; set; } = "actors.local";

    /// <summary>How often a dispatcher looks for due callbacks when no notification has woken it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one POST may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a callback is retried. Whoever writes an outbox row sets its <c>expires_at</c> to
    /// the time of the transition plus this.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// False (production): callback URLs must be https and reach a public address. True allows
    /// http and loopback or private addresses, for development and tests.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// The public address of the gateway's JSON endpoint, for the results_url of exports in
    /// callbacks and status answers. Empty: callbacks use the silo's own Actors:JsonUrl, status
    /// answers the address the caller used; set it whenever those are not what tenants reach.
    /// </summary>
    public string ResultsBaseUrl { get; set; } = "";

    /// <summary>How long delivered and given-up callbacks stay in the outbox, for an operator to see what was sent.</summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>POSTs in flight at once per silo.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>
    /// How long a claimed row stays away from other dispatchers: longer than a POST can take, so
    /// two silos never send it at once, and short enough that a crashed silo's claims come back.
    /// </summary>
    public TimeSpan Lease => RequestTimeout + TimeSpan.FromSeconds(30);
}
