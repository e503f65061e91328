using Actors.Api.Audit;
using Actors.Abstractions.Cells;
using Actors.Abstractions.Telemetry;
using Actors.Api.Authentication;
using Actors.Api.Cells;
using Actors.Api.DeviceTokens;
using Actors.Api.Errors;
using Actors.Api.Json;
using Actors.Api.Geo;
using Actors.Api.Incidents;
using Actors.Abstractions.Requests;
using Actors.Api.OpenDsr;
using Actors.Api.Requests;
using Actors.Api.Services;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Actors.Api;

/// <summary>Sets up the gRPC gateway in a host that also has an Orleans silo or client.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddActorsGateway(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section))
            .Validate(o => o.OperatorKey.Length >= 16, $"{GatewayOptions.Section}:OperatorKey must be set (at least 16 characters)")
            .ValidateOnStart();
        var maxMessage = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.MaxReceiveMessageSize ?? new GatewayOptions().MaxReceiveMessageSize;

        services.TryAddSingleton(TimeProvider.System);
        // A gateway of one cell serves its cell's region only; one of several cells registers its own first.
        services.TryAddSingleton(provider => new PlatformRegions([provider.GetRequiredService<CellRegion>().Name]));
        services.TryAddSingleton<ITenantRegionRecord, SingleCellTenantRegions>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<OperatorKey>();
        services.AddSingleton<TenantKeyCheck>();
        services.AddSingleton<TenantKeys>();
        services.AddSingleton<UserReferences>();
        services.AddSingleton<UserGrains>();
        services.AddSingleton<DeviceTokenSigner>();
        services.AddSingleton<DeviceAccess>();
        services.AddSingleton<AuditRecorder>();
        services.TryAddSingleton<PlatformMetrics>();
        services.AddSingleton<CountryLookup>();
        services.AddSingleton<RequestIntake>();
        services.AddSingleton<OpenDsrRoutes.Signer>();
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorization(Policies.Add);
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            // Inside the error mapping, so that its refusals read like every other (JSON pointers on JSON calls).
            grpc.Interceptors.Add<MessageShapeInterceptor>();
            grpc.MaxReceiveMessageSize = maxMessage;
            grpc.MaxSendMessageSize = 4 * maxMessage;
            grpc.EnableDetailedErrors = false;
        }).AddJsonTranscoding(json =>
            // Refusals carry a google.rpc.BadRequest detail; the JSON answer can only show it if its type is known.
            json.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor));
        // Our provider replaces grpc-dotnet's default binder (and only it: JSON transcoding has its
        // own provider), so that malformed messages get a clear status.
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(binder);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>)));
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        return services;
    }

    public static WebApplication MapActorsGateway(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseJsonBodyCheck();
        app.MapGrpcService<ProfilesService>();
        app.MapGrpcService<ConsentsService>();
        app.MapGrpcService<PrivacyService>();
        app.MapGrpcService<TenantsService>();
        app.MapGrpcService<EventsService>();
        app.MapGrpcService<RequestsService>();
        app.MapOpenDsr();
        app.MapGrpcService<AuditService>();
        app.MapGrpcService<IncidentsService>();
        app.MapGrpcService<ClusterService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
