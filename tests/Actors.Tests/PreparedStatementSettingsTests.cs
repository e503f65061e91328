using Actors.Silo.Hosting;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.Tests;

/// <summary>The pools prepare the platform's statements, unless the operator's connection string says otherwise.</summary>
public sealed class PreparedStatementSettingsTests
{
    [Fact]
    public void The_data_pool_prepares_statements_by_default()
    {
        using var pool = PostgresDataSource.ForData(new PlatformOptions { Postgres = "Host=127.0.0.1;Database=actors;Username=postgres" });

        Assert.Equal(128, new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("maxautoprepare=20", 20)]
    public void The_operators_setting_wins(string setting, int expected)
    {
        using var pool = PostgresDataSource.ForData(new PlatformOptions { Postgres = $"Host=127.0.0.1;Database=actors;Username=postgres;{setting}" });

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxAutoPrepare);
    }
}
