namespace Actors.Sdk;

/// <summary>
/// Exponential backoff with full jitter: a random wait up to a ceiling that doubles with each
/// failed attempt, so that many devices coming back at once do not retry in step.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, Random random)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
