using System.Data.Common;
using Actors.Bench.Peer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;

// dotnet load/bench/Peer/bin/Release/net10.0/Actors.Bench.Peer.dll --Peer:Postgres "CONNECTION" [--Urls https://127.0.0.1:5060]
// The straightforward build of the platform's product surface (load/bench/run, "the peer"): one
// process with an Orleans silo whose user grains store their state through the Orleans ADO.NET
// grain storage on the given PostgreSQL database, and grpc-dotnet serving the same Profiles,
// Consents and Tenants messages as the platform, over TLS with the platform's certificate
// (Kestrel's usual settings). No audit trail, no sealing, no declarations checked.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connection = builder.Configuration["Peer:Postgres"] ?? throw new InvalidOperationException("--Peer:Postgres is required: the connection string of the peer's database");
builder.WebHost.UseUrls((builder.Configuration["Urls"] ?? "https://127.0.0.1:5060").Split(';'));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
    kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
});

await using (var schema = NpgsqlDataSource.Create(connection))
{
    await using var apply = schema.CreateCommand(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "schema.sql")));
    await apply.ExecuteNonQueryAsync();
}
DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: 11131, gatewayPort: 30031)
    .AddAdoNetGrainStorage("Default", storage => (storage.Invariant, storage.ConnectionString) = ("Npgsql", connection)));
builder.Services.AddSingleton<PeerTenants>();
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<PeerTenantsService>();
app.MapGrpcService<PeerProfilesService>();
app.MapGrpcService<PeerConsentsService>();
app.Run();
