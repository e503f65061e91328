namespace Actors.Grains.Requests;

/// <summary>How request grains run their work; set from the platform's settings.</summary>
public sealed class RequestProcessingOptions
{
    /// <summary>How often an open request's durable timer looks again: grace periods, retries, export expiry.</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The public base address of the OpenDSR routes, for the results_url of exports; empty for none.</summary>
    public string PublicUrl { get; set; } = "";
}
