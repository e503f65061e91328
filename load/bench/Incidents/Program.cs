// dotnet load/bench/Incidents/bin/Release/net10.0/Actors.Bench.Incidents.dll TENANT_ID [ADDRESS]
//   opens a store-exposure incident (grain state, the last day up to now) over one tenant and
//   prints how long the platform took to open and assess it, with what it counted. Run from the
//   checkout's root: the operator key and the CA come from .actors/ as the runner takes them.
using System.Diagnostics;
using Actors.Client;
using Actors.Client.Incidents;
using Actors.V1;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Actors.Bench.Incidents TENANT_ID [ADDRESS]");
    return 2;
}
var tenantId = args[0];
var address = new Uri(args.Length > 1 ? args[1] : "https://127.0.0.1:5080");
var operatorKey = Environment.GetEnvironmentVariable("ACTORS_OPERATOR_KEY") is { Length: > 0 } fromEnvironment
    ? fromEnvironment
    : File.ReadAllText(Path.Combine(".actors", "secrets", "operator.key")).Trim();
using var admin = new ActorsAdminClient(new ActorsClientOptions
{
    Address = address,
    CaCertificatePath = Path.Combine(".actors", "tls", "ca.crt"),
    ApiKey = operatorKey,
    // The assessment is one statement over the tenant's whole trail: give it more than a call's usual 10 s.
    Timeout = TimeSpan.FromMinutes(5),
});

var now = DateTimeOffset.UtcNow;
var scope = IncidentScopes.StoreExposure(ExposedStore.GrainState, now.AddDays(-1), now, tenantId);
var clock = Stopwatch.StartNew();
var incident = await admin.Incidents.OpenAsync(now, "benchmark: the grain state store exposed for a day", scope);
var elapsed = clock.Elapsed;
var tenant = incident.Assessment.Tenants.Single();
Console.WriteLine($"assessment: {elapsed.TotalMilliseconds:0} ms, {tenant.AffectedUsers} affected users, {tenant.Records} records");
return 0;
