using Actors.Load.Bench.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Same transport as the platform's gateway: HTTP/2 over TLS (ALPN h2) with the platform's
// certificate (Kestrel's usual settings, as ./actors passes them), on loopback, default limits.
// A second address in clear (h2c) shows what TLS itself costs.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls((builder.Configuration["Urls"] ?? "https://127.0.0.1:5070").Split(';'));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
    kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
});
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<EchoService>();
app.Run();

internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
