namespace Actors.Abstractions.Requests;

/// <summary>Status callbacks of requests (settings under <c>Actors:Callbacks</c>), read by the gateway and the silo alike.</summary>
public sealed class CallbackOptions
{
    public const string Section = "Actors:Callbacks";

    /// <summary>The domain callbacks and OpenDSR answers name in <c>X-OpenDSR-Processor-Domain</c>.</summary>
    public string ProcessorDomain { get; set; } = "actors.local";

    /// <summary>How long an undelivered callback is retried before it is given up.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Allows http and loopback or private addresses as callback URLs: for development and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
