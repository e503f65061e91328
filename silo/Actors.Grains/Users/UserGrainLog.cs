using Actors.Abstractions.Privacy;
using Microsoft.Extensions.Logging;

namespace Actors.Grains.Users;

/// <summary>
/// What the user grain logs. A user appears only as the grain key (tenant and pseudonymous
/// reference, classified), never by user id or value.
/// </summary>
internal static partial class UserGrainLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted inactive user {User}: last active {LastActivity:O}, tenant keeps {Days} days")]
    public static partial void DeletedInactiveUser(this ILogger logger, [Pseudonymous] string user, DateTimeOffset lastActivity, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} raw events of {User} past the tenant's {Days} days")]
    public static partial void PurgedRawEvents(this ILogger logger, long count, [Pseudonymous] string user, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take back the raw events of an unacknowledged batch of {User}")]
    public static partial void CouldNotRetractRawEvents(this ILogger logger, Exception exception, [Pseudonymous] string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A raw event of {User} does not open with the user's current key")]
    public static partial void RawEventDoesNotOpen(this ILogger logger, [Pseudonymous] string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set the retention timer of {User}")]
    public static partial void CouldNotSetRetentionTimer(this ILogger logger, Exception exception, [Pseudonymous] string user);
}
