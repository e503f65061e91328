using Actors.Abstractions.Incidents;
using Actors.Silo.Audit;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Npgsql;

namespace Actors.Silo.Incidents;

/// <summary>The incident store, in every role: the gateway answers the Incidents service; the silos' dispatchers send its notices.</summary>
public static class IncidentSetup
{
    public static IServiceCollection AddActorsIncidents(this IServiceCollection services, PlatformOptions options, NpgsqlDataSource database)
    {
        var window = options.Incidents.TenantNoticeWithin;
        if (window <= TimeSpan.Zero || window > IncidentLifecycle.LongestTenantNoticeWindow)
        {
            throw new StartupFailure($"Actors:Incidents:TenantNoticeWithin is {window}: a tenant's incident notice is due at most 24 hours after confirmation; set it to 24:00:00 or less (but more than zero)");
        }
        services.AddSingleton(options.Incidents);
        services.AddSingleton<IIncidentStore>(provider => ActivatorUtilities.CreateInstance<PostgresIncidentStore>(provider, database));
        return services;
    }
}
