using Actors.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The platform as `./actors start` runs it (silo and gateway in one process, real Kestrel
/// socket, real PostgreSQL), started and stopped by a test. Its secrets outlive a restart.
/// </summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private readonly RestartableApp _app = new();

    public RunningPlatform(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public PlatformSecrets Secrets { get; } = new();

    /// <summary>Settings of this platform beyond or instead of the defaults, e.g. a short retention check; set before starting.</summary>
    public Dictionary<string, string> ExtraSettings { get; } = [];

    public string OperatorKey => Secrets.OperatorKey;

    /// <summary>The gRPC address; the same after a restart, as a device would expect.</summary>
    public Uri Address { get; } = new($"https://127.0.0.1:{PlatformProcess.FreePort()}");

    /// <summary>The HTTP/1.1 endpoint of the JSON routes.</summary>
    public Uri JsonAddress { get; } = new($"https://127.0.0.1:{PlatformProcess.FreePort()}");

    /// <summary>The operator listener: the privacy console under /console, HTTP/1.1 over TLS.</summary>
    public Uri OperatorAddress { get; } = new($"https://127.0.0.1:{PlatformProcess.FreePort()}");

    /// <summary>Set before starting to keep every log line the platform writes (at the levels its settings allow).</summary>
    public LogCapture? Logs { get; init; }

    /// <summary>Runs last while the platform is built: a test adds its own services (an in-memory telemetry exporter).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>The running platform's services, once started.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The clock the platform reads; tests may move it.</summary>
    public TestClock Clock { get; } = new();

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>(Secrets.SettingsFor(Database)!)
        {
            ["Actors:Url"] = Address.ToString().TrimEnd('/'),
            ["Actors:JsonUrl"] = JsonAddress.ToString().TrimEnd('/'),
            ["Actors:OperatorUrl"] = OperatorAddress.ToString().TrimEnd('/'),
            ["Actors:SiloPort"] = PlatformProcess.FreePort().ToString(),
            ["Actors:OrleansGatewayPort"] = PlatformProcess.FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value; // a test's own setting overrides a default
        }
        await _app.StartAsync(() => PlatformHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            if (Logs is not null)
            {
                builder.Logging.AddProvider(Logs);
            }
            Configure?.Invoke(builder);
        }));
    }

    /// <summary>Stops the whole platform; what it acknowledged must be in PostgreSQL now.</summary>
    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
