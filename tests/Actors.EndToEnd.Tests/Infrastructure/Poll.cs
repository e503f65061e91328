namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background, failing after a bound.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the condition did not hold within {timeoutSeconds} s");
            }
            await Task.Delay(50);
        }
    }
}
