using Actors.Silo.Hosting;
using Actors.Silo.Storage;

namespace Actors.Tests;

public sealed class KeyStoreSettingsTests
{
    [Fact]
    public void A_key_store_in_the_data_database_is_refused()
    {
        var options = new PlatformOptions
        {
            Postgres = "Host=127.0.0.1;Port=55432;Database=actors;Username=postgres",
            KeyStore = "Host=127.0.0.1;Port=55432;Database=actors;Username=keys",
        };

        var refusal = Assert.Throws<InvalidOperationException>(() => PostgresDataSource.ForKeyStore(options));

        Assert.Contains("another database", refusal.Message);
    }

    [Fact]
    public void A_key_store_in_a_database_of_its_own_is_accepted()
    {
        var options = new PlatformOptions
        {
            Postgres = "Host=127.0.0.1;Port=55432;Database=actors;Username=postgres",
            KeyStore = "Host=127.0.0.1;Port=55432;Database=actors_keys;Username=postgres",
        };

        using var keyStore = PostgresDataSource.ForKeyStore(options).Source;

        Assert.Contains("actors_keys", keyStore.ConnectionString);
    }
}
