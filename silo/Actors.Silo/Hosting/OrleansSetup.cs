using System.Net;
using Actors.Grains;
using Actors.Grains.Users;
using Actors.Silo.Storage;
using Npgsql;
using Orleans.Storage;
using Orleans.Configuration;

namespace Actors.Silo.Hosting;

/// <summary>
/// Joins a silo or a client to the cluster, with membership, grain state and reminders all in
/// PostgreSQL through the Orleans ADO.NET providers and one shared connection pool.
/// </summary>
public static class OrleansSetup
{
    private const string Invariant = "Npgsql";

    /// <summary>The ADO.NET provider itself; grains use it through <see cref="StorageFailureTranslation"/>.</summary>
    private const string PostgresStorage = "actors-postgres";

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
        silo.AddAdoNetGrainStorage(PostgresStorage, storage =>
        {
            storage.Invariant = Invariant;
            storage.DataSource = database;
            storage.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, (services, _) =>
            ActivatorUtilities.CreateInstance<StorageFailureTranslation>(services, services.GetRequiredKeyedService<IGrainStorage>(PostgresStorage)));
        silo.UseAdoNetReminderService(reminders => (reminders.Invariant, reminders.DataSource) = (Invariant, database));
        // Orleans refuses reminders more frequent than a minute unless told otherwise; tests check often.
        silo.Configure<ReminderOptions>(reminders =>
            reminders.MinimumReminderPeriod = options.RetentionCheckPeriod < TimeSpan.FromMinutes(1) ? options.RetentionCheckPeriod : TimeSpan.FromMinutes(1));
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
