using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Actors.Grains;

/// <summary>The one way grains stop a durable reminder of theirs.</summary>
internal static class ReminderStop
{
    /// <summary>
    /// Unregisters the reminder if it exists; true if it is gone. A failure is logged, not thrown:
    /// every reminder of ours finds nothing to do on its next tick and stops itself then.
    /// </summary>
    public static async Task<bool> TryStopAsync(this Grain grain, string reminderName, ILogger logger)
    {
        try
        {
            if (await grain.GetReminder(reminderName) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not stop reminder {Reminder} of {Grain}", reminderName, grain.GetGrainId());
            return false;
        }
    }
}
