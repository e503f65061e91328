using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Actors.Abstractions.Telemetry;
using Actors.Abstractions.Tenants;
using Actors.Api;
using Actors.Api.Operator;
using Actors.PrivacyConsole;
using Actors.Grains.Keys;
using Actors.Grains.RawEvents;
using Actors.Silo.Callbacks;
using Actors.Silo.Cells;
using Actors.Silo.Health;
using Actors.Silo.Incidents;
using Actors.Silo.Logging;
using Actors.Silo.Placement;
using Actors.Silo.Hosting.Tls;
using Actors.Silo.Sealing;
using Actors.Silo.Storage;
using Actors.Silo.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Actors.Silo.Hosting;

/// <summary>Builds the platform's process for the role its configuration names.</summary>
public static class PlatformHost
{
    /// <param name="configure">Runs before anything is registered; tests use it to add settings and a clock.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the program's own folder, so that its appsettings.json (log levels
        // above all: request logging at Information costs a third of a write) is read wherever
        // the process is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.AddPlatformLogging();
        var options = builder.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();

        PlacementSetup.CheckDedication(options);
        builder.Services.AddSingleton(options);
        var telemetry = builder.AddPlatformTelemetry(options);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        // The gRPC endpoint speaks HTTP/2 only (ALPN h2), the HTTP/JSON routes HTTP/1.1 on an
        // endpoint of their own; both over TLS.
        var tls = PlatformTls.Load(builder.Configuration, options);
        var jsonPort = options.ServesJsonRoutes ? new Uri(options.JsonUrl).Port : -1;
        var operatorPort = options.ServesOperatorListener ? new Uri(options.OperatorUrl).Port : -1;
        builder.WebHost.UseUrls(options.ListenerUrls());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A browser and a scraper speak HTTP/1.1 to the operator listener, as devices to the JSON routes.
            kestrel.ConfigureEndpointDefaults(endpoint =>
                endpoint.Protocols = endpoint.IPEndPoint?.Port is { } port && (port == jsonPort || port == operatorPort) ? HttpProtocols.Http1 : HttpProtocols.Http2);
            if (tls.Certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(tls.Configure);
            }
        });

        if (options.Role == PlatformRole.Gateway && options.Cells.Count > 0)
        {
            return CellGateway.Build(builder, options, tls, telemetry);
        }
        builder.Services.AddCell(options);
        var database = PostgresDataSource.ForData(options);
        AddPlatformBasics(builder.Services, builder.Configuration, database, tls, options);
        if (options.Role == PlatformRole.Gateway)
        {
            AddGatewayOfCell(builder, options, database, tls, telemetry);
        }
        else
        {
            builder.Services.AddSingleton(PostgresDataSource.ForKeyStore(options));
            builder.Services.AddSingleton(PostgresDataSource.ForErasureLedger(options));
            builder.Services.AddSingleton<ErasureLedger>();
            builder.Services.AddSingleton<PostgresUserDataKeys>();
            builder.Services.AddSingleton<IUserDataKeys>(services => services.GetRequiredService<PostgresUserDataKeys>());
            builder.Services.AddSingleton<PersonalSealing>();
            builder.Services.AddRequestProcessing(options);
            builder.Services.AddSingleton<IRawEventLog>(services => new PostgresRawEventLog(
                database, options.RawEventsPerWrite, options.RawEventWriters, services.GetRequiredService<ILogger<PostgresRawEventLog>>()));
            // Registered before the silo, so the schema exists before any provider reads it.
            builder.Services.AddHostedService<SchemaMigration>();
            builder.Services.AddTenantDedications();
            builder.Services.AddCallbackDelivery(builder.Configuration);
            builder.UseOrleans(silo => silo.UseActorsSilo(options, database).UseTenantPlacement(options).UseClusterLinkTls(tls).UseSiloTelemetry(telemetry));
        }
        if (options.Role != PlatformRole.Gateway)
        {
            builder.Services.AddActorsAudit(options, database);
            builder.Services.AddActorsIncidents(options, database);
            builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres").AddCheck<SiloHealthCheck>("silo");
        }
        if (options.Role == PlatformRole.Silo)
        {
            builder.Services.AddGrpc();
            builder.Services.AddGrpcHealthChecks();
        }
        else if (options.Role == PlatformRole.Combined)
        {
            builder.Services.AddActorsGateway(builder.Configuration);
            builder.Services.AddRequestGauges(telemetry);
        }
        if (options.Role != PlatformRole.Silo)
        {
            builder.Services.AddSingleton<ITenantCatalog>(new PostgresTenantCatalog(database, options.ServiceId));
            builder.Services.AddOperatorAccess(operatorPort);
            builder.Services.AddPrivacyConsole();
        }

        var app = builder.Build();
        if (options.AllowPlaintext)
        {
            app.Logger.LogWarning("Actors:AllowPlaintext is set: {Urls} may serve personal data in clear. Never do this outside an experiment", string.Join(", ", options.ListenerUrls()));
        }
        if (options.Role == PlatformRole.Silo)
        {
            app.MapGrpcHealthChecksService();
        }
        else
        {
            app.UseOperatorListener();
            app.MapActorsGateway();
            if (operatorPort > 0)
            {
                app.MapPrivacyConsole();
                app.MapOperatorTelemetry(telemetry);
            }
        }
        return app;
    }

    /// <summary>What every process of a cell holds: its database, the platform's keys, the callback settings, TLS.</summary>
    public static void AddPlatformBasics(IServiceCollection services, IConfiguration configuration, NpgsqlDataSource database, PlatformTls tls, PlatformOptions options)
    {
        services.AddSingleton(_ => database);
        services.AddSingleton(MasterKey.Parse(options.MasterKey));
        services.AddSingleton<PlatformSigningKey>();
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.Section));
        services.AddSingleton<IRequestDirectory, PostgresRequestDirectory>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(tls);
        services.TryAddSingleton<PlatformMetrics>();
    }

    /// <summary>
    /// The gateway of one cell, an Orleans client of its silos: a separate gateway process, or
    /// one of the cells a gateway of several regions holds (<see cref="CellGateway"/>).
    /// </summary>
    public static void AddGatewayOfCell(IHostApplicationBuilder builder, PlatformOptions options, NpgsqlDataSource database, PlatformTls tls, TelemetryOptions telemetry)
    {
        builder.UseOrleansClient(client => client.UseActorsCluster(options, database).UseClusterLinkTls(tls).UseClientTelemetry(telemetry));
        builder.Services.TryAddSingleton(telemetry);
        builder.Services.AddRequestGauges(telemetry);
        builder.Services.AddActorsAudit(options, database);
        builder.Services.AddActorsIncidents(options, database);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres").AddCheck<GatewayHealthCheck>("cluster");
        builder.Services.AddActorsGateway(builder.Configuration);
    }
}
