using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Actors.Silo.Callbacks;

public static class CallbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the callback dispatcher and what it needs; for processes that run a silo. Call it
    /// after the schema migration, whose tables it reads.
    /// </summary>
    public static IServiceCollection AddCallbackDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(CallbackOptions.Section);
        var settings = section.Get<CallbackOptions>() ?? new CallbackOptions();
        services.AddHttpClient(CallbackSender.ClientName, client => client.Timeout = settings.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => CallbackConnections.Handler(settings))
            // The default handlers log every URL, and a callback URL may carry the receiver's token.
            .RemoveAllLoggers();
        services.AddSingleton<CallbackOutboxStore>();
        services.AddSingleton<CallbackSignal>();
        services.AddSingleton<CallbackNotificationListener>();
        services.AddSingleton<CallbackSender>();
        services.AddHostedService<CallbackDispatcher>();
        return services;
    }
}
