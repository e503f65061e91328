using System.Text;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Sealing;

/// <summary>
/// Every personal value a tenant gives the platform, looked for where a copy of the platform
/// would hold it: the databases' rows, their dumps, PostgreSQL's WAL and the platform's logs.
/// None holds one in clear; the user's export returns them all.
/// </summary>
public sealed class PlaintextScanTests(SealingPlatform fixture) : IClassFixture<SealingPlatform>
{
    [Fact]
    public async Task No_personal_value_is_in_the_rows_dumps_WAL_or_logs_while_the_export_returns_each()
    {
        var startedAt = DateTime.UtcNow;
        using var tenant = await TestTenant.CreateAsync(fixture.Platform);
        var marker = TestTenant.NewMarker();
        var userId = $"user-{marker}";
        var values = new Dictionary<string, string>
        {
            ["user id"] = userId,
            ["attribute value"] = $"attr-{marker}@example.com",
            ["consent source"] = $"source-{marker}",
            ["suppression reason"] = $"suppressed-{marker}",
            ["rectification reason"] = $"rectified-{marker}",
            ["corrected value of a rectification request"] = $"corrected-{marker}",
            ["OpenDSR subject identity"] = $"opendsr-{marker}",
        };
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "first@example.com", ["city"] = "Delft" });
        await tenant.Server.RectifyAttributeAsync(userId, "email", values["attribute value"], values["rectification reason"]);
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, values["consent source"], "v1");
        await tenant.Server.SuppressAsync(userId, values["suppression reason"]);
        await tenant.Server.UnsuppressAsync(userId);
        // Held for identity verification, the requests keep their subject meanwhile.
        var access = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = access, Type = RequestType.Access, UserId = userId, IdentityVerificationPending = true });
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest
        {
            RequestId = Guid.NewGuid().ToString("D"), Type = RequestType.Rectification, UserId = userId, IdentityVerificationPending = true,
            Rectifications = { ["city"] = values["corrected value of a rectification request"] },
        });
        using (var openDsr = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.ServerKey.ApiKey))
        {
            var body = OpenDsrClient.Body(Guid.NewGuid().ToString("D"), "access", values["OpenDSR subject identity"]);
            using var filed = await openDsr.PostAsync(body);
            Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        }

        // What the tenant reads back holds every value (so each search below can fail).
        var export = (await tenant.Server.ExportAsync(userId)).Json;
        foreach (var name in new[] { "user id", "attribute value", "consent source", "suppression reason", "rectification reason" })
        {
            Assert.True(export.Contains(values[name], StringComparison.Ordinal), $"the export lacks the {name}");
        }
        Assert.Equal(userId, (await tenant.Server.GetRequestAsync(access)).UserId);
        Assert.Contains(await DatabaseSearch.FindAsync(fixture.Database, values["attribute value"], fixture.Platform.Secrets), hit => hit.EndsWith("(sealed)"));

        var dumps = new[]
        {
            ("data dump", await PostgresFiles.DumpAsync(fixture.Database.Name)),
            ("key store dump", await PostgresFiles.DumpAsync(fixture.Database.KeyStoreName)),
            ("ledger dump", await PostgresFiles.DumpAsync(fixture.Database.LedgerName)),
            ("WAL", await PostgresFiles.WalSinceAsync(startedAt)),
            ("platform log", Encoding.UTF8.GetBytes(fixture.Logs.Text)),
        };
        Assert.True(PostgresFiles.Holds(dumps[0].Item2, tenant.Id), "the data dump does not even hold the tenant id: the scan would find nothing");
        var found = new List<string>();
        foreach (var (name, value) in values)
        {
            found.AddRange((await DatabaseSearch.FindAsync(fixture.Database, value)).Select(place => $"{name} in {place}"));
            found.AddRange(dumps.Where(d => PostgresFiles.Holds(d.Item2, value)).Select(d => $"{name} in the {d.Item1}"));
        }
        Assert.Empty(found);
    }
}
