using Microsoft.Extensions.Logging;

namespace Actors.Grains.Requests;

/// <summary>
/// What the request grain logs: the request by its grain key (tenant and request id), never its
/// subject's user id, identities or corrected values. A cause is a refusal's message (which names
/// attributes and requests, never a value) or an exception's type and message.
/// </summary>
internal static partial class RequestGrainLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Request} could not advance; it will be retried")]
    public static partial void CouldNotAdvance(this ILogger logger, Exception exception, string request);

    [LoggerMessage(Message = "Request {Request} failed its run {Runs} time(s); it will be run again: {Cause}")]
    public static partial void RunFailed(this ILogger logger, LogLevel level, Exception exception, string request, int runs, string cause);
}
