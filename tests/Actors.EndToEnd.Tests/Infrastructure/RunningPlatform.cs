using Actors.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The platform as `./actors start` runs it (silo and gateway in one process, real Kestrel
/// socket, real PostgreSQL), started and stopped by a test. Its secrets outlive a restart.
/// </summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private WebApplication? _app;

    public RunningPlatform(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public PlatformSecrets Secrets { get; } = new();

    public string OperatorKey => Secrets.OperatorKey;

    public Uri Address { get; private set; } = null!;

    /// <summary>The HTTP/1.1 endpoint of the JSON routes.</summary>
    public Uri JsonAddress { get; } = new($"http://127.0.0.1:{PlatformProcess.FreePort()}");

    /// <summary>The clock the platform reads; tests may move it.</summary>
    public TestClock Clock { get; } = new();

    public async Task StartAsync()
    {
        var settings = Secrets.SettingsFor(Database)
            .Concat(new Dictionary<string, string>
            {
                ["Actors:Url"] = "http://127.0.0.1:0",
                ["Actors:JsonUrl"] = JsonAddress.ToString().TrimEnd('/'),
                ["Actors:SiloPort"] = PlatformProcess.FreePort().ToString(),
                ["Actors:OrleansGatewayPort"] = PlatformProcess.FreePort().ToString(),
                ["Logging:LogLevel:Default"] = "Warning",
            })
            .Select(s => KeyValuePair.Create(s.Key, (string?)s.Value));
        _app = PlatformHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => new Uri(a).Port != JsonAddress.Port);
        Address = new Uri(address);
    }

    /// <summary>Stops the whole platform; what it acknowledged must be in PostgreSQL now.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
