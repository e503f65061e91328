using Actors.Bench.Peer;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// dotnet load/bench/Peer/bin/Release/net10.0/Actors.Bench.Peer.dll --Urls https://127.0.0.1:5090 --ConnectionStrings:Peer "Host=..."
// The straightforward build of the platform's Profiles and Consents surface (load/bench/peer
// measures it beside the platform): grpc-dotnet over TLS with the platform's certificate (Kestrel's
// usual settings, as the echo server), one Orleans silo (localhost clustering) in the same
// process, and each user grain's state in Orleans' ADO.NET storage on the platform's PostgreSQL.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = builder.Configuration.GetConnectionString("Peer")
    ?? throw new InvalidOperationException("ConnectionStrings:Peer names no database: pass --ConnectionStrings:Peer \"Host=...;Database=...\"");
await PeerStorage.CreateSchemaAsync(connectionString);
builder.WebHost.UseUrls((builder.Configuration["Urls"] ?? "https://127.0.0.1:5090").Split(';'));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
    kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
});
builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: 11131, gatewayPort: 30031).AddPeerStorage(connectionString));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<PeerProfilesService>();
app.MapGrpcService<PeerConsentsService>();
app.Run();
