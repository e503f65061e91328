using Actors.Silo.Cells;
using Actors.Silo.Audit;
using Actors.Silo.Incidents;

namespace Actors.Silo.Hosting;

/// <summary>The process's settings, section <c>Actors</c> (docs/operations.md lists them).</summary>
public sealed class PlatformOptions
{
    public const string Section = "Actors";

    public PlatformRole Role { get; set; } = PlatformRole.Combined;

    /// <summary>The Npgsql connection string of the platform's database.</summary>
    public string Postgres { get; set; } = "";

    /// <summary>
    /// The Npgsql connection string of the key store: another database than <see cref="Postgres"/>
    /// (and best another server), holding the users' wrapped data keys. Silos need it; a separate gateway does not.
    /// </summary>
    public string KeyStore { get; set; } = "";

    /// <summary>
    /// The Npgsql connection string of the erasure ledger: a third database, apart from the data
    /// and the key store and never restored from a backup, recording every destroyed data key
    /// (no personal data). Silos need it; a separate gateway does not.
    /// </summary>
    public string ErasureLedger { get; set; } = "";

    /// <summary>Base64 of 32 random bytes: the root of every tenant key. Never stored in a database.</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>
    /// The region of this process's cell ([a-z][a-z0-9-]{0,31}): its databases record it, and a
    /// process of another region refuses them. A platform of one cell keeps the default.
    /// </summary>
    public string Region { get; set; } = Actors.Abstractions.Cells.CellRegion.Single;

    /// <summary>
    /// A gateway of several regions (Role=Gateway) names each region's cell here, by region:
    /// the connection string of the cell's data database (its Orleans membership). Empty for a
    /// process of one cell, which uses <see cref="Postgres"/>.
    /// </summary>
    public Dictionary<string, CellConnection> Cells { get; set; } = [];

    /// <summary>
    /// A gateway of several regions: the Npgsql connection string of the operator database, which
    /// holds the tenant directory (tenant id to region; no personal data).
    /// </summary>
    public string Operator { get; set; } = "";

    /// <summary>The Orleans cluster; silos and gateways with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "actors";

    /// <summary>Part of every stored row's key: never change it once data exists.</summary>
    public string ServiceId { get; set; } = "actors";

    /// <summary>The address other silos and gateways reach this silo on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The tenant this silo hosts alone (a dedicated silo), or empty for a shared silo, which hosts
    /// every tenant without silos of its own. A silo role only; recorded in the cell's database.
    /// </summary>
    public string DedicatedTenant { get; set; } = "";

    /// <summary>How often a silo reads the cell's tenant dedications again (a new dedication reaches shared silos within it).</summary>
    public TimeSpan DedicationRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The port Orleans clients (separate gateways) connect to.</summary>
    public int OrleansGatewayPort { get; set; } = 30000;

    /// <summary>Where the gateway (or, for a silo, its health endpoint) listens; https only (see <see cref="AllowPlaintext"/>).</summary>
    public string Url { get; set; } = "https://127.0.0.1:5080";

    /// <summary>
    /// Lets <see cref="Url"/> and <see cref="JsonUrl"/> be plain http:// for an experiment. Never
    /// the default, never used by the tests; every start in this mode logs a warning.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>
    /// Where the gateway serves its HTTP/JSON routes (HTTP/1.1), for devices without gRPC;
    /// empty for none. A fixed port: it must differ from the gRPC one.
    /// </summary>
    public string JsonUrl { get; set; } = "https://127.0.0.1:5090";

    /// <summary>
    /// Where a gateway (or combined process) serves the operator listener (HTTP/1.1 over TLS): the
    /// privacy console under /console, behind the operator key; empty for none. A fixed port of its
    /// own, which nothing of the gRPC or JSON routes answers on. A gateway of several regions has none.
    /// </summary>
    public string OperatorUrl { get; set; } = "https://127.0.0.1:5100";

    /// <summary>Whether this process serves <see cref="OperatorUrl"/>.</summary>
    public bool ServesOperatorListener => Role != PlatformRole.Silo && OperatorUrl.Length > 0 && !(Role == PlatformRole.Gateway && Cells.Count > 0);

    /// <summary>Whether this process serves <see cref="JsonUrl"/>.</summary>
    public bool ServesJsonRoutes => Role != PlatformRole.Silo && JsonUrl.Length > 0;

    /// <summary>Every URL this process's Kestrel listens on: the gateway's (or a silo's health), then the JSON routes and the operator listener where served.</summary>
    public string[] ListenerUrls() =>
        [Url, .. ServesJsonRoutes ? new[] { JsonUrl } : [], .. ServesOperatorListener ? new[] { OperatorUrl } : []];

    /// <summary>The most connections this process opens to PostgreSQL.</summary>
    public int MaxDatabaseConnections { get; set; } = 20;

    /// <summary>The most connections this process opens to the key store.</summary>
    public int MaxKeyStoreConnections { get; set; } = 5;

    /// <summary>The most grain state writes one commit carries; writes arriving meanwhile share the next.</summary>
    public int StateWritesPerCommit { get; set; } = 256;

    /// <summary>Grain state commits in flight at once per silo.</summary>
    public int StateWriters { get; set; } = 2;

    /// <summary>The most raw events one write to PostgreSQL carries; appends arriving meanwhile share it.</summary>
    public int RawEventsPerWrite { get; set; } = 5000;

    /// <summary>Raw-event writes in flight at once per silo.</summary>
    public int RawEventWriters { get; set; } = 2;

    /// <summary>Seconds between membership probes, and probes missed before a silo is declared dead.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 5;

    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How often each user's retention timer checks the tenant's policy (a durable reminder).</summary>
    public TimeSpan RetentionCheckPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often an open data subject request's durable timer looks again (grace periods, retries, export expiry).</summary>
    public TimeSpan RequestCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a stop (SIGTERM) may take: calls in flight finish, waiting writes are stored, the
    /// silo leaves the cluster. A few seconds past it the process exits whatever still waits
    /// (PostgreSQL or the other silos gone).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The audit trail: its retention and its writes.</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>The incident workflow: how soon tenants' notices are due.</summary>
    public IncidentOptions Incidents { get; set; } = new();
}
