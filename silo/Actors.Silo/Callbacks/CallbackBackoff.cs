namespace Actors.Silo.Callbacks;

/// <summary>
/// When a failed callback is tried again: exponential backoff with jitter. The delay after the
/// n-th failure is drawn between half and all of min(first x 2^(n-1), max), so receivers that
/// came back are not hit by every silo's retries at the same instant.
/// </summary>
public static class CallbackBackoff
{
    /// <param name="failures">Failed attempts so far, 1 or more.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max, double jitter)
    {
        // Past 2^30 the doubling has long passed any sensible maximum; the cap keeps it from overflowing.
        var ceiling = Math.Min(first.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)), max.Ticks);
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + 0.5 * Math.Clamp(jitter, 0, 1))));
    }
}
