using Actors.Grains.Requests;
using Actors.Silo.Storage;
using Orleans.Configuration;

namespace Actors.Silo.Hosting;

/// <summary>What request grains need where the silo runs: their stores, the erasure check, and settings.</summary>
public static class RequestProcessingSetup
{
    public static IServiceCollection AddRequestProcessing(this IServiceCollection services, PlatformOptions platform)
    {
        services.Configure<RequestProcessingOptions>(o => (o.CheckPeriod, o.PublicUrl) = (platform.RequestCheckPeriod, platform.JsonUrl));
        services.AddSingleton<IRequestStore, PostgresRequestStore>();
        services.AddSingleton<IRequestExports, PostgresRequestExports>();
        services.AddSingleton<IErasureVerification>(s => ActivatorUtilities.CreateInstance<PostgresErasureVerification>(s,
            s.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value));
        services.AddSingleton<RequestFulfilment>();
        return services;
    }
}
