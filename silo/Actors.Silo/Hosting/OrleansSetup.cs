using Actors.Abstractions.Telemetry;
using System.Net;
using Actors.Grains;
using Actors.Grains.Users;
using Actors.Silo.Audit;
using Actors.Silo.Sealing;
using Actors.Silo.Storage;
using Npgsql;
using Orleans.Storage;
using Orleans.Configuration;

namespace Actors.Silo.Hosting;

/// <summary>
/// Joins a silo or a client to the cluster, with membership, grain state and reminders all in
/// PostgreSQL and one shared connection pool: membership and reminders through the Orleans
/// ADO.NET providers, grain state through our own group-commit storage.
/// </summary>
public static class OrleansSetup
{
    private const string Invariant = "Npgsql";

    public static ISiloBuilder UseActorsSilo(this ISiloBuilder silo, PlatformOptions options, NpgsqlDataSource database)
    {
        silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.OrleansGatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(options.ProbeTimeoutSeconds);
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        silo.UseAdoNetClustering(clustering => (clustering.Invariant, clustering.DataSource) = (Invariant, database));
        // Our own grain storage (group commit, personal state sealed), behind the translation of database failures.
        silo.Services.AddSingleton(services => new PostgresGrainStorage(database, new JsonGrainStateSerializer(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value, options.StateWritesPerCommit, options.StateWriters,
            services.GetRequiredService<AuditChainAppend>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<PersonalSealing>(), services.GetRequiredService<IGrainContextAccessor>(), services.GetRequiredService<PlatformMetrics>()));
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, (services, _) =>
            ActivatorUtilities.CreateInstance<StorageFailureTranslation>(services, services.GetRequiredService<PostgresGrainStorage>()));
        // Our own reminder table: registrations share commits, as grain state writes do.
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(services => new PostgresReminderTable(database,
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value, options.StateWritesPerCommit));
        // Orleans refuses reminders more frequent than a minute unless told otherwise; tests check often.
        silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod =
            new[] { options.RetentionCheckPeriod, options.RequestCheckPeriod, TimeSpan.FromMinutes(1) }.Min());
        silo.Services.Configure<RetentionTimerOptions>(timer => timer.CheckPeriod = options.RetentionCheckPeriod);
        return silo;
    }

    public static IClientBuilder UseActorsCluster(this IClientBuilder client, PlatformOptions options, NpgsqlDataSource database)
    {
        client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        client.UseAdoNetClustering(clustering => (clustering.Invariant, clustering.DataSource) = (Invariant, database));
        return client;
    }
}
