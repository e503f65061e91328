using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Actors.EndToEnd.Tests.Infrastructure;

namespace Actors.EndToEnd.Tests;

/// <summary>A platform process that cannot start says why in one line, names the setting that fixes it, and exits non-zero.</summary>
public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("Actors:Url")]
    [InlineData("Actors:JsonUrl")]
    [InlineData("Actors:OperatorUrl")]
    [InlineData("Actors:SiloPort")]
    [InlineData("Actors:OrleansGatewayPort")]
    public async Task A_port_in_use_is_named_with_its_setting(string setting)
    {
        var settings = Settings();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        settings[setting] = setting.EndsWith("Url", StringComparison.Ordinal) ? $"https://127.0.0.1:{port}" : port.ToString();

        var (exit, errors) = await RunAsync(settings);

        Assert.Equal(1, exit);
        Assert.Contains($"actors: error: 127.0.0.1:{port} is already in use ({setting}): stop what listens there, or set {setting.Replace(":", "__")} to a free port", errors);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_is_named_with_its_setting()
    {
        var settings = Settings();
        var nowhere = $"Host=127.0.0.1;Port={PlatformProcess.FreePort()};Username=postgres;Password=x;Timeout=3";
        (settings["Actors:Postgres"], settings["Actors:KeyStore"], settings["Actors:ErasureLedger"]) = ($"{nowhere};Database=a", $"{nowhere};Database=b", $"{nowhere};Database=c");

        var (exit, errors) = await RunAsync(settings);

        Assert.Equal(1, exit);
        Assert.Contains("actors: error: cannot reach PostgreSQL at 127.0.0.1:", errors);
        Assert.Contains("fix Actors:Postgres", errors);
    }

    [Theory]
    [InlineData("Silo", "Not_A_Tenant", "Actors:DedicatedTenant is not a tenant id")]
    [InlineData("Combined", "acme", "Actors:DedicatedTenant applies to a silo only (Actors:Role=Silo)")]
    [InlineData("Gateway", "acme", "Actors:DedicatedTenant applies to a silo only (Actors:Role=Silo)")]
    public async Task A_dedication_a_silo_cannot_honour_is_refused(string role, string tenant, string expected)
    {
        var settings = Settings();
        settings["Actors:Role"] = role;
        settings["Actors:DedicatedTenant"] = tenant;

        var (exit, errors) = await RunAsync(settings);

        Assert.Equal(1, exit);
        Assert.Contains($"actors: error: {expected}", errors);
    }

    [Fact]
    public async Task A_process_pointed_at_another_regions_databases_refuses_them_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var secrets = new PlatformSecrets();
        var eu = secrets.SettingsFor(database);
        eu["Actors:Region"] = "eu";
        await using (await PlatformProcess.StartAsync("Combined", eu))
        {
        }
        var tablesBefore = await TablesAsync(database);

        foreach (var role in new[] { "Silo", "Gateway" })
        {
            var us = secrets.SettingsFor(database);
            us["Actors:Region"] = "us";
            us["Actors:Role"] = role;
            us["Actors:Url"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}";
            us["Actors:JsonUrl"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}";
            us["Actors:OperatorUrl"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}";
            us["Actors:SiloPort"] = PlatformProcess.FreePort().ToString();
            us["Actors:OrleansGatewayPort"] = PlatformProcess.FreePort().ToString();

            var (exit, errors) = await RunAsync(us);

            Assert.Equal(1, exit);
            Assert.Contains($"actors: error: Actors:Postgres names database \"{database.Name}\" on 127.0.0.1:", errors);
            Assert.Contains("which belongs to region 'eu', and this process is in region 'us' (Actors:Region)", errors);
        }
        // A gateway of several regions whose cell us names eu's database stops, as a one-cell process would refuse to start.
        var gateway = new Dictionary<string, string>(TestTls.Settings())
        {
            ["Actors:Role"] = "Gateway",
            ["Actors:Url"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}",
            ["Actors:JsonUrl"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}",
            ["Actors:Gateway:OperatorKey"] = secrets.OperatorKey,
            ["Actors:MasterKey"] = secrets.MasterKey,
            ["Actors:Operator"] = database.ConnectionStringOf(database.LedgerName),
            ["Actors:Cells:us:Postgres"] = database.ConnectionString,
            ["Actors:Cells:us:ClusterId"] = database.Name,
        };
        var (gatewayExit, gatewayErrors) = await RunAsync(gateway);
        Assert.Equal(1, gatewayExit);
        Assert.Contains("actors: error: region us: Actors:Postgres names database", gatewayErrors);
        Assert.Contains("which belongs to region 'eu', and this process is in region 'us'", gatewayErrors);

        Assert.Equal(tablesBefore, await TablesAsync(database));
        foreach (var open in new Func<Task<Npgsql.NpgsqlConnection>>[] { database.OpenAsync, database.OpenKeyStoreAsync, database.OpenLedgerAsync })
        {
            await using var connection = await open();
            await using var region = new Npgsql.NpgsqlCommand("SELECT region FROM actors_cell", connection);
            Assert.Equal("eu", await region.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_region_that_is_not_a_name_is_refused()
    {
        var settings = Settings();
        settings["Actors:Region"] = "Europe West";

        var (exit, errors) = await RunAsync(settings);

        Assert.Equal(1, exit);
        Assert.Contains("actors: error: Actors:Region is not a region name", errors);
    }

    private static async Task<string> TablesAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var tables = new Npgsql.NpgsqlCommand("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        return (string)(await tables.ExecuteScalarAsync())!;
    }

    private static Dictionary<string, string> Settings() => new(TestTls.Settings())
    {
        ["Actors:Url"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}",
        ["Actors:JsonUrl"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}",
        ["Actors:OperatorUrl"] = $"https://127.0.0.1:{PlatformProcess.FreePort()}",
        ["Actors:SiloPort"] = PlatformProcess.FreePort().ToString(),
        ["Actors:OrleansGatewayPort"] = PlatformProcess.FreePort().ToString(),
        ["Actors:MasterKey"] = new PlatformSecrets().MasterKey,
        ["Actors:Gateway:OperatorKey"] = new PlatformSecrets().OperatorKey,
        ["Actors:Postgres"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=a",
        ["Actors:KeyStore"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=b",
        ["Actors:ErasureLedger"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=c",
    };

    private static async Task<(int Exit, string Errors)> RunAsync(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Actors.Silo.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await errors + await output);
    }
}
