using Actors.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace Actors.EndToEnd.Tests.Tls;

/// <summary>The private PostgreSQL cluster admits TLS only, with the local CA's certificate; the platform checks it in full.</summary>
public sealed class PostgresTlsTests
{
    private static readonly string Admin = Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("ACTORS_TEST_POSTGRES is not set: run the tests with ./actors test");

    [Fact]
    public async Task A_plain_connection_is_refused_by_the_server()
    {
        var plain = new NpgsqlConnectionStringBuilder(Admin) { SslMode = SslMode.Disable, Database = "postgres" };
        await using var connection = new NpgsqlConnection(plain.ConnectionString);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("28000", refusal.SqlState); // no pg_hba.conf entry: hostssl only
        Assert.Contains("no encryption", refusal.MessageText);
    }

    [Fact]
    public async Task The_platforms_connection_verifies_the_server_certificate_and_runs_over_TLS()
    {
        var settings = new NpgsqlConnectionStringBuilder(Admin) { Database = "postgres" };
        Assert.Equal(SslMode.VerifyFull, settings.SslMode);
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        await using var row = await query.ExecuteReaderAsync();

        Assert.True(await row.ReadAsync());
        Assert.True(row.GetBoolean(0));
        Assert.StartsWith("TLSv1.", row.GetString(1));
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_does_not_connect()
    {
        using var other = new OtherCertificateAuthority();
        var settings = new NpgsqlConnectionStringBuilder(Admin) { Database = "postgres", RootCertificate = other.CaFile };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }
}
