using System.Data.Common;
using Actors.Abstractions.Errors;

namespace Actors.Silo.Storage;

/// <summary>
/// How a database failure leaves a store: as a <see cref="DomainException"/> the caller can act
/// on (UNAVAILABLE, retry). The driver's own exceptions cannot cross to a gateway in another
/// process (Orleans has no codec for them) and would reach the client as an internal error.
/// </summary>
public static class DatabaseFailure
{
    /// <summary>The database error somewhere in <paramref name="e"/>'s causes, if any.</summary>
    public static DbException? Cause(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException database)
            {
                return database;
            }
        }
        return null;
    }

    public static DomainException Unavailable(string whatFailed) =>
        new(DomainError.StorageUnavailable, $"storage is unavailable: could not {whatFailed}, nothing was acknowledged; retry shortly");

    /// <summary>Runs <paramref name="operation"/>, turning a database failure into <see cref="Unavailable"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> operation, string whatFailed, ILogger logger)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (Cause(e) is { } cause)
        {
            logger.LogWarning(cause, "Could not {What}", whatFailed);
            throw Unavailable(whatFailed);
        }
    }
}
