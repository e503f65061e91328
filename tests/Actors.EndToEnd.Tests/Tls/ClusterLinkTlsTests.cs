using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace Actors.EndToEnd.Tests.Tls;

/// <summary>
/// The cluster's own links (silo to silo, gateway process to silo) are TLS with mutual
/// authentication: a process that trusts the cluster's CA but holds a certificate from another
/// CA can neither join as a silo nor call in as a gateway, while one with the cluster's
/// certificate does both.
/// </summary>
public sealed class ClusterLinkTlsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_silo_or_gateway_without_a_certificate_from_the_cluster_CA_cannot_join_or_call_in()
    {
        await using var database = await TestDatabase.CreateAsync();
        var secrets = new PlatformSecrets();
        await using var silo = await PlatformProcess.StartAsync("Silo", secrets.SettingsFor(database));
        // The control: a gateway with the cluster's certificate reaches the silo.
        await using var gateway = await PlatformProcess.StartAsync("Gateway", secrets.SettingsFor(database));

        using var other = new OtherCertificateAuthority();
        var (certificate, key) = other.IssueServerCertificate();
        var stranger = new Dictionary<string, string>(secrets.SettingsFor(database))
        {
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:KeyPath"] = key,
        };
        var strangerSiloPort = PlatformProcess.FreePort();
        // Its health is asked trusting its own CA: the only thing it lacks is the cluster's trust.
        await using var strangerGateway = PlatformProcess.Launch("Gateway", stranger, other.CaFile);
        await using var strangerSilo = PlatformProcess.Launch("Silo", new Dictionary<string, string>(stranger) { ["Actors:SiloPort"] = strangerSiloPort.ToString() });

        var strangerJoined = WaitForActiveSiloAsync(database, strangerSiloPort, Window);
        // The stranger gateway's health asks the cluster for its active silos: it never gets an answer.
        Assert.False(await strangerGateway.ServesWithinAsync(Window), $"a gateway with another CA's certificate reached the cluster:\n{strangerGateway.Output}");
        Assert.False(await strangerJoined, $"a silo with another CA's certificate joined the cluster:\n{strangerSilo.Output}");

        // The cluster itself was not disturbed: the control gateway still serves through the silo.
        using var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = gateway.Address, ApiKey = secrets.OperatorKey });
        Assert.Equal("links", (await admin.CreateTenantAsync("links", "Links Ltd")).TenantId);
    }

    /// <summary>True once the membership table lists a silo on <paramref name="port"/> as active (status 3); false if it never does within the window.</summary>
    private static async Task<bool> WaitForActiveSiloAsync(TestDatabase database, int port, TimeSpan window)
    {
        var deadline = DateTime.UtcNow + window;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var query = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE Port = @port AND Status = 3", connection);
            query.Parameters.AddWithValue("port", port);
            if ((long)(await query.ExecuteScalarAsync())! > 0)
            {
                return true;
            }
            await Task.Delay(500);
        }
        return false;
    }
}
