using Actors.Abstractions.Cells;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Npgsql;

namespace Actors.Silo.Cells;

/// <summary>The process's cell: its region, known to the grains, and checked against its databases.</summary>
public static class CellSetup
{
    public static IServiceCollection AddCell(this IServiceCollection services, PlatformOptions options)
    {
        if (!CellRegion.IsValidName(options.Region))
        {
            throw new StartupFailure($"Actors:Region is not a region name ([a-z][a-z0-9-]{{0,31}}, for example eu): set it to the region of this process's cell, or leave it unset for a platform of one cell ({CellRegion.Single})");
        }
        services.AddSingleton(new CellRegion(options.Region));
        if (options.Role == PlatformRole.Gateway)
        {
            // Silos check every database as they apply the schema; a separate gateway checks the one it reads.
            services.AddHostedService<GatewayCellCheck>();
        }
        return services;
    }

    private sealed class GatewayCellCheck(NpgsqlDataSource database, PlatformOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            CellIdentity.RequireAsync(database, "Actors:Postgres", options.Region, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
