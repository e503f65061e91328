using Actors.Abstractions.Requests;
using Actors.Grains.Requests;
using Microsoft.Extensions.Options;
using Actors.Silo.Sealing;
using Actors.Silo.Storage;
using Orleans.Configuration;

namespace Actors.Silo.Hosting;

/// <summary>What request grains need where the silo runs: their stores, the erasure check, and settings.</summary>
public static class RequestProcessingSetup
{
    public static IServiceCollection AddRequestProcessing(this IServiceCollection services, PlatformOptions platform)
    {
        services.AddOptions<RequestProcessingOptions>().Configure<IOptions<CallbackOptions>>((o, callbacks) =>
            (o.CheckPeriod, o.PublicUrl) = (platform.RequestCheckPeriod, callbacks.Value.ResultsBaseUrl.Length > 0 ? callbacks.Value.ResultsBaseUrl : platform.JsonUrl));
        services.AddSingleton<RequestSubjectSealing>();
        services.AddSingleton<IRequestStore, PostgresRequestStore>();
        services.AddSingleton<IRequestExports, PostgresRequestExports>();
        services.AddSingleton<IErasureVerification>(s => ActivatorUtilities.CreateInstance<PostgresErasureVerification>(s,
            s.GetRequiredService<IOptions<ClusterOptions>>().Value));
        services.AddSingleton<RequestFulfilment>();
        return services;
    }
}
