using Actors.Client;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One platform on one fresh database, shared by the tests of a collection. Each test makes
/// its own tenant, so tests do not see each other's users.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public RunningPlatform Platform { get; private set; } = null!;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Platform = new RunningPlatform(_database);
        await Platform.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public ActorsAdminClient Admin() => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Platform.Address, ApiKey = Platform.OperatorKey });

    public ActorsClient Client(string apiKey) => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Platform.Address, ApiKey = apiKey });

    /// <summary>A new tenant with the standard purposes and attributes, and a server and a device key.</summary>
    public Task<TestTenant> CreateTenantAsync() => TestTenant.CreateAsync(Platform);
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
