using Actors.Load.Bench.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Same transport as the platform's gateway: h2c (HTTP/2 without TLS) on loopback, default limits.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls(builder.Configuration["Url"] ?? "http://127.0.0.1:5070");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<EchoService>();
app.Run();

internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
