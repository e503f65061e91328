using Actors.Abstractions.Privacy;
using Orleans.Storage;

namespace Actors.Silo.Storage;

/// <summary>
/// Wraps the PostgreSQL grain storage so that a database failure, while loading a grain or
/// storing its state, reaches the caller as <see cref="DatabaseFailure.Unavailable"/>.
/// </summary>
public sealed partial class StorageFailureTranslation(IGrainStorage storage, ILogger<StorageFailureTranslation> logger) : IGrainStorage
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
        catch (Exception e) when (DatabaseFailure.Cause(e) is { } cause)
        {
            CouldNot(logger, cause, verb, grainId);
            throw DatabaseFailure.Unavailable($"{verb} the user's state");
        }
    }

    /// <summary>A user grain's id holds the tenant and the user's pseudonymous reference, never the user id.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {Verb} the state of {Grain}")]
    private static partial void CouldNot(ILogger logger, Exception exception, string verb, [Pseudonymous] GrainId grain);
}
