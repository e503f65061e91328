using System.Data.Common;
using Actors.Abstractions.Errors;
using Orleans.Storage;

namespace Actors.Silo.Storage;

/// <summary>
/// Wraps the PostgreSQL grain storage so that a database failure, while loading a grain or
/// storing its state, reaches the caller as a <see cref="DomainException"/> it can act on.
/// The driver's own exceptions cannot cross to a gateway in another process (Orleans has no
/// codec for them) and would reach the client as an internal error.
/// </summary>
public sealed class StorageFailureTranslation(IGrainStorage storage, ILogger<StorageFailureTranslation> logger) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => storage.ReadStateAsync(stateName, grainId, grainState), "load", grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => storage.WriteStateAsync(stateName, grainId, grainState), "store", grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => storage.ClearStateAsync(stateName, grainId, grainState), "clear", grainId);

    private async Task TranslateAsync(Func<Task> operation, string verb, GrainId grainId)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (DatabaseCause(e) is { } cause)
        {
            logger.LogWarning(cause, "Could not {Verb} the state of {Grain}", verb, grainId);
            throw new DomainException(DomainError.StorageUnavailable,
                $"storage is unavailable: could not {verb} the user's state, nothing was acknowledged; retry shortly");
        }
    }

    private static DbException? DatabaseCause(Exception? e)
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
}
