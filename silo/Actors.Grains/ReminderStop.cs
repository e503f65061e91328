using Actors.Abstractions.Privacy;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Actors.Grains;

/// <summary>The one way grains stop a durable reminder of theirs.</summary>
internal static partial class ReminderStop
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
            CouldNotStop(logger, e, reminderName, grain.GetGrainId());
            return false;
        }
    }

    /// <summary>A user grain's id holds the tenant and the user's pseudonymous reference, never the user id.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop reminder {Reminder} of {Grain}")]
    private static partial void CouldNotStop(ILogger logger, Exception exception, string reminder, [Pseudonymous] GrainId grain);
}
