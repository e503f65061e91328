using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests.Incidents;

/// <summary>One platform for an incident test class, with a webhook receiver and callbacks retried within a second.</summary>
public sealed class IncidentPlatform : IAsyncDisposable
{
    private IncidentPlatform(TestDatabase database, RunningPlatform platform, CallbackReceiver receiver, ActorsAdminClient admin) =>
        (Database, Platform, Receiver, Admin) = (database, platform, receiver, admin);

    public TestDatabase Database { get; }

    public RunningPlatform Platform { get; }

    public CallbackReceiver Receiver { get; }

    public ActorsAdminClient Admin { get; }

    public DateTimeOffset Now => Platform.Clock.GetUtcNow();

    /// <param name="settings">More settings for the platform, beside the quick callback retries.</param>
    public static async Task<IncidentPlatform> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var platform = new RunningPlatform(database)
        {
            ExtraSettings =
            {
                ["Actors:Callbacks:PollInterval"] = "00:00:05",
                ["Actors:Callbacks:FirstRetryDelay"] = "00:00:00.2",
                ["Actors:Callbacks:MaxRetryDelay"] = "00:00:01",
            },
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            platform.ExtraSettings[name] = value;
        }
        await platform.StartAsync();
        var receiver = new CallbackReceiver();
        await receiver.StartAsync();
        var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = platform.OperatorKey });
        return new IncidentPlatform(database, platform, receiver, admin);
    }

    public ActorsClient Client(string apiKey) => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Platform.Address, ApiKey = apiKey });

    public Task<TestTenant> CreateTenantAsync() => TestTenant.CreateAsync(Platform);

    /// <summary>Moves the platform's clock on, so that what follows happens at a later, distinct instant.</summary>
    public DateTimeOffset Later(TimeSpan by)
    {
        Platform.Clock.Advance(by);
        return Now;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Receiver.DisposeAsync();
        await Platform.DisposeAsync();
        await Database.DisposeAsync();
    }
}
