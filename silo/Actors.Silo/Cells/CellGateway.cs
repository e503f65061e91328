using Actors.Abstractions.Cells;
using Actors.Abstractions.Security;
using Actors.Api;
using Actors.Api.Cells;
using Actors.Abstractions.Requests;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Actors.Silo.Hosting.Tls;
using Actors.Silo.Storage;
using Actors.Silo.Telemetry;

namespace Actors.Silo.Cells;

/// <summary>
/// A gateway of several regions (Role=Gateway with Actors:Cells): it holds one cell per region,
/// each with its own Orleans client and database, and a tenant directory in the operator
/// database; <see cref="CellRouting"/> sends every call to one cell. The process itself keeps
/// only what needs no cell: TLS, health, the platform's public key.
/// </summary>
public static class CellGateway
{
    public static WebApplication Build(WebApplicationBuilder builder, PlatformOptions options, PlatformTls tls, TelemetryOptions telemetry)
    {
        Check(options);
        var regions = new PlatformRegions([.. options.Cells.Keys.Order(StringComparer.Ordinal)]);
        var directory = new TenantRegions(PostgresDataSource.ForOperator(options));
        builder.Services.AddSingleton(regions);
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton<ITenantRegionRecord>(directory);
        builder.Services.AddHostedService(_ => new DirectorySchema(directory));
        builder.Services.AddSingleton(MasterKey.Parse(options.MasterKey));
        builder.Services.AddSingleton<PlatformSigningKey>();
        builder.Services.AddOptions<CallbackOptions>().Bind(builder.Configuration.GetSection(CallbackOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(tls);
        builder.Services.AddSingleton(services => new CellHosts([.. regions.Names.Select(region => new CellHost(region,
            () => BuildCell(builder.Configuration, region, options.Cells[region], tls, regions, directory, telemetry, services.GetRequiredService<ILoggerFactory>()),
            reason => Refuse(services, reason),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<CellHost>()))]));
        builder.Services.AddHostedService(services => services.GetRequiredService<CellHosts>());
        builder.Services.AddHealthChecks().AddCheck<CellsHealthCheck>("cells");
        builder.Services.AddActorsGateway(builder.Configuration);

        var app = builder.Build();
        app.UseMiddleware<CellRouting>();
        app.MapActorsGateway();
        return app;
    }

    /// <summary>A cell whose settings are wrong (another region's database) stops the gateway, as a one-cell process would refuse to start.</summary>
    private static void Refuse(IServiceProvider services, string reason)
    {
        Console.Error.WriteLine($"actors: error: {reason}");
        Environment.ExitCode = 1;
        services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
    }

    private static void Check(PlatformOptions options)
    {
        foreach (var (region, cell) in options.Cells)
        {
            if (!CellRegion.IsValidName(region))
            {
                throw new StartupFailure($"Actors:Cells:{region} is not a region name ([a-z][a-z0-9-]{{0,31}}, for example eu)");
            }
            if (string.IsNullOrWhiteSpace(cell.Postgres))
            {
                throw new StartupFailure($"Actors:Cells:{region}:Postgres is empty: set it to the connection string of region {region}'s data database");
            }
        }
        if (string.IsNullOrWhiteSpace(options.Operator))
        {
            throw new StartupFailure("Actors:Operator is empty: a gateway of several regions keeps its tenant directory in the operator database; set its connection string");
        }
    }

    /// <summary>The gateway of one region's cell, as a process of that cell alone would run it, without a listener of its own.</summary>
    private static IHost BuildCell(IConfiguration configuration, string region, CellConnection connection, PlatformTls tls, PlatformRegions regions, TenantRegions directory, TelemetryOptions telemetry, ILoggerFactory logging)
    {
        var cell = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // The process's logging (its format, files and redaction), not a console of the cell's own.
        cell.Logging.ClearProviders();
        cell.Services.AddSingleton(logging);
        cell.Configuration.AddConfiguration(configuration);
        var options = configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        (options.Role, options.Region, options.Postgres, options.ClusterId, options.Cells) = (PlatformRole.Gateway, region, connection.Postgres, connection.ClusterId, []);
        // The process handles SIGTERM and stops its cells; a cell must not stop on its own.
        cell.Services.AddSingleton<IHostLifetime, CellLifetime>();
        cell.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        cell.Services.AddSingleton(options);
        cell.Services.AddCell(options);
        cell.Services.AddSingleton(regions);
        cell.Services.AddSingleton<ITenantRegionRecord>(directory);
        var database = PostgresDataSource.ForData(options);
        PlatformHost.AddPlatformBasics(cell.Services, cell.Configuration, database, tls, options);
        // The process's own telemetry takes every cell's spans and meters; the dashboard needs an
        // Orleans client of the process itself, which a gateway of several regions has not.
        PlatformHost.AddGatewayOfCell(cell, options, database, tls, new TelemetryOptions
        {
            Enabled = telemetry.Enabled,
            TraceSampleRatio = telemetry.TraceSampleRatio,
            Tracing = telemetry.Tracing,
            RequestGaugePeriod = telemetry.RequestGaugePeriod,
            Dashboard = false,
        });
        return cell.Build();
    }

    private sealed class DirectorySchema(TenantRegions directory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => directory.EnsureSchemaAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CellLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
