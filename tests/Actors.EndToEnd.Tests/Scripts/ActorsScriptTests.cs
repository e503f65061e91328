using Actors.EndToEnd.Tests.Infrastructure;
using Actors.EndToEnd.Tests.Scripts;

namespace Actors.EndToEnd.Tests;

/// <summary>The ./actors script itself, as an operator runs it from the shell.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ActorsScriptTests(PlatformFixture fixture)
{
    private readonly AuditTable _table = new(fixture.Database);

    [Fact]
    public async Task Audit_verify_exits_0_for_a_sound_chain_1_for_a_broken_one_and_2_for_a_usage_error_or_an_unreachable_database()
    {
        using var sound = await fixture.CreateTenantAsync();
        using var broken = await fixture.CreateTenantAsync();
        await broken.Server.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = "Paris" });
        await _table.TamperAsync("UPDATE actors_audit SET subject = 'altered' WHERE tenant_id = $1 AND seq = 6", broken.Id);
        var platform = new Dictionary<string, string>
        {
            ["ACTORS_DATABASE"] = fixture.Database.Name,
            ["Actors__MasterKey"] = fixture.Platform.Secrets.MasterKey,
        };

        var (soundExit, soundOutput) = await ActorsScript.RunAsync(platform, "audit-verify", sound.Id);
        var (brokenExit, brokenOutput) = await ActorsScript.RunAsync(platform, "audit-verify", broken.Id);
        var (usageExit, usageOutput) = await ActorsScript.RunAsync(platform, "audit-verify");
        var (badTenantExit, _) = await ActorsScript.RunAsync(platform, "audit-verify", "Not A Tenant");
        var unreachable = new Dictionary<string, string>(platform) { ["ACTORS_PG_PORT"] = PlatformProcess.FreePort().ToString() };
        var (unreachableExit, unreachableOutput) = await ActorsScript.RunAsync(unreachable, "audit-verify", sound.Id);
        var (noRegionExit, noRegionOutput) = await ActorsScript.RunAsync(platform, "audit-verify", sound.Id, "--region", "mars");

        Assert.True(soundExit == 0, soundOutput);
        Assert.Contains("OK", soundOutput);
        Assert.True(brokenExit == 1, brokenOutput);
        Assert.Contains("BROKEN at entry 6", brokenOutput);
        Assert.True(usageExit == 2, usageOutput);
        Assert.Contains("usage: ./actors audit-verify TENANT", usageOutput);
        Assert.Equal(2, badTenantExit);
        Assert.True(unreachableExit == 2, unreachableOutput);
        Assert.True(noRegionExit == 2, noRegionOutput);
        Assert.Contains("region mars has no running PostgreSQL server here", noRegionOutput);
    }

    [Theory]
    [InlineData("--region|EU:1", "usage: --region NAME:SILOS")]
    [InlineData("--region|eu:1|--dedicated|acme:1", "usage: --dedicated REGION:TENANT:SILOS")]
    [InlineData("--region|eu:1|--region|us:1|--dedicated|mars:acme:1", "--dedicated mars:acme:1 names region 'mars', which is not one of this cluster's: eu us")]
    public async Task Cluster_refuses_regions_and_dedications_it_cannot_start_before_starting_anything(string arguments, string expected)
    {
        var (exit, output) = await ActorsScript.RunAsync(new Dictionary<string, string>(), ["cluster", .. arguments.Split('|')]);

        Assert.True(exit == 1, output);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("starting PostgreSQL", output);
    }

    [Fact]
    public async Task Start_prints_the_addresses_it_bound_even_when_settings_move_them()
    {
        var (grpc, json, console) = (PlatformProcess.FreePort(), PlatformProcess.FreePort(), PlatformProcess.FreePort());
        // A database of its own: the platform the script starts is another cluster.
        await using var database = await TestDatabase.CreateAsync();
        using var script = ActorsScript.Start(new Dictionary<string, string>
        {
            ["ACTORS_DATABASE"] = database.Name,
            ["ACTORS_URL"] = $"https://127.0.0.1:{grpc}",
            ["Actors__JsonUrl"] = $"https://127.0.0.1:{json}",
            ["Actors__OperatorUrl"] = $"https://127.0.0.1:{console}",
            ["Actors__SiloPort"] = PlatformProcess.FreePort().ToString(),
            ["Actors__OrleansGatewayPort"] = PlatformProcess.FreePort().ToString(),
        }, "start");

        await script.WaitForAsync("Stop with Ctrl-C", TimeSpan.FromMinutes(3));

        Assert.Contains($"gRPC gateway   https://127.0.0.1:{grpc} (TLS", script.Output);
        Assert.Contains($"CA certificate {TestTls.CaFile}", script.Output);
        Assert.Contains($"JSON routes    https://127.0.0.1:{json} ", script.Output);
        Assert.Matches($@"(?m)^ *privacy console https://127\.0\.0\.1:{console}/console \(log in with the operator key\)\r?$", script.Output);
        Assert.Matches($@"(?m)^ *telemetry +https://127\.0\.0\.1:{console}/metrics \(Prometheus\), https://127\.0\.0\.1:{console}/dashboard/ \(Orleans\)", script.Output);
        Assert.DoesNotContain("5090", script.Output);
        using var http = new HttpClient(TestTls.Handler());
        using var answer = await http.GetAsync($"https://127.0.0.1:{json}/opendsr/v1/discovery");
        Assert.True(answer.IsSuccessStatusCode, $"nothing answered on the JSON address it printed: {answer.StatusCode}");
        using var login = await http.GetAsync($"https://127.0.0.1:{console}/console/login");
        Assert.True(login.IsSuccessStatusCode, $"no login page at the console address it printed: {login.StatusCode}");
    }
}
